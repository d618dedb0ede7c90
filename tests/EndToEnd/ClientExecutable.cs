using System.Diagnostics;

namespace OrleansSync.EndToEnd;

/// <summary>Runs the built console client (<c>dotnet OrleansSync.Client.dll --json --gateway ... ARGS</c>) to its end, bounded.</summary>
internal sealed class ClientExecutable(BuiltExecutables built, IReadOnlyList<string> gateways, string workingDirectory)
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    public async Task<ClientResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(built.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(built.ClientDll);
        start.ArgumentList.Add("--json");
        foreach (var gateway in gateways)
        {
            start.ArgumentList.Add("--gateway");
            start.ArgumentList.Add(gateway);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The client did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"client {string.Join(' ', arguments)} did not finish within {RunTimeout.TotalSeconds} s.");
        }

        return new ClientResult(string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
    }
}
