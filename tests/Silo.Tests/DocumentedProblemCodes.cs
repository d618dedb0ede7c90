using System.Text.RegularExpressions;

namespace OrleansSync.Silo.Tests;

/// <summary>The error codes Silo/README.md documents: every backticked code in the second column of its "Errors" table.</summary>
internal static partial class DocumentedProblemCodes
{
    private static readonly Lazy<IReadOnlySet<string>> Codes = new(Read);

    public static IReadOnlySet<string> All => Codes.Value;

    private static IReadOnlySet<string> Read()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Silo", "README.md")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, "Silo/README.md not found above " + AppContext.BaseDirectory);
        var lines = File.ReadAllLines(Path.Combine(directory.FullName, "Silo", "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("### Errors", StringComparison.Ordinal));
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith('#')).Where(l => l.StartsWith('|')))
        {
            var cells = line.Split('|');
            if (cells.Length > 2)
            {
                foreach (Match match in BacktickedCode().Matches(cells[2]))
                {
                    codes.Add(match.Groups[1].Value);
                }
            }
        }

        return codes;
    }

    [GeneratedRegex("`([a-z0-9-]+)`")]
    private static partial Regex BacktickedCode();
}
