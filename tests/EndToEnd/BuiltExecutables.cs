namespace OrleansSync.EndToEnd;

/// <summary>
/// Finds the repository root (the directory holding OrleansSync.sln, above this test's output)
/// and the built silo and client: <c>Silo/bin/{configuration}/net10.0/OrleansSync.Silo.dll</c> and
/// <c>Client/bin/{configuration}/net10.0/OrleansSync.Client.dll</c>, this test's configuration first, then Release.
/// </summary>
internal sealed record BuiltExecutables(string RepositoryRoot, string SiloDll, string ClientDll, string DotnetHost)
{
    public static BuiltExecutables Find()
    {
        var root = FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"No OrleansSync.sln above {AppContext.BaseDirectory}: run the test from the repository's build output.");
        var configurations = new[] { OwnConfiguration(), "Release" }.Distinct().ToArray();
        return new BuiltExecutables(
            root,
            Locate(root, "Silo", "OrleansSync.Silo.dll", configurations),
            Locate(root, "Client", "OrleansSync.Client.dll", configurations),
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet");
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansSync.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>The configuration this test was built in (…/bin/{configuration}/net10.0/).</summary>
    private static string OwnConfiguration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";

    private static string Locate(string root, string project, string dll, IEnumerable<string> configurations)
    {
        var candidates = configurations.Select(c => Path.Combine(root, project, "bin", c, "net10.0", dll)).ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{dll} is not built (looked for {string.Join(", ", candidates)}): run dotnet build OrleansSync.sln -c Release first.");
    }
}
