using System.Text;

namespace OrleansSync.Grains.Tests.Raft;

/// <summary>
/// Golden interaction tests in the style of etcd's raft testdata: each file in testdata/ holds
/// commands (lines starting with "> ") each followed by the trace it must produce. Set
/// RAFT_GOLDEN_REWRITE=1 to rewrite the expectations after an intended behaviour change, then
/// review the diff.
/// </summary>
public sealed class RaftScriptedTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestDataDirectory(), "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_ProducesTheExpectedTrace(string name)
    {
        var path = Path.Combine(TestDataDirectory(), name);
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        var actual = Replay(expected);

        if (Environment.GetEnvironmentVariable("RAFT_GOLDEN_REWRITE") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.Equal(expected, actual);
    }

    /// <summary>Keeps comments and commands, regenerates every command's output.</summary>
    private static string Replay(string script)
    {
        var interaction = new ScriptedInteraction();
        var result = new StringBuilder();
        foreach (var line in script.Split('\n'))
        {
            if (line.StartsWith("> ", StringComparison.Ordinal))
            {
                result.Append(line).Append('\n');
                result.Append(interaction.Run(line[2..]).ReplaceLineEndings("\n"));
            }
            else if (line.StartsWith('#') || (line.Length == 0 && result.Length > 0 && result[^1] == '\n' && !EndsWithBlankLine(result)))
            {
                result.Append(line).Append('\n');
            }
        }

        return result.ToString().TrimEnd('\n') + "\n";
    }

    private static bool EndsWithBlankLine(StringBuilder text) => text.Length >= 2 && text[^1] == '\n' && text[^2] == '\n';

    /// <summary>
    /// The source folder's testdata (not a copy in bin/, so that rewrite mode edits the real files).
    /// Found by walking up from the test binaries to the repository root: CI builds with
    /// ContinuousIntegrationBuild, which maps source paths to "/_/", so [CallerFilePath] cannot be used.
    /// </summary>
    private static string TestDataDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansSync.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "Grains.Tests", "Raft", "testdata");
            }
        }

        throw new DirectoryNotFoundException($"No OrleansSync.sln above {AppContext.BaseDirectory}: cannot find the Raft testdata.");
    }
}
