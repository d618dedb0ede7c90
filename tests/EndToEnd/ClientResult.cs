using System.Text.Json;

namespace OrleansSync.EndToEnd;

/// <summary>One run of the built console client.</summary>
internal sealed record ClientResult(string Arguments, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The one JSON object a --json run prints on stdout.</summary>
    public JsonElement Json()
    {
        var lines = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length != 1)
        {
            throw new InvalidOperationException($"Expected one JSON line from '{Arguments}', got:\n{this}");
        }

        using var document = JsonDocument.Parse(lines[0]);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"client {Arguments} → exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
