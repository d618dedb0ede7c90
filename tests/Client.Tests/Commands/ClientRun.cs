using System.Text.Json;
using OrleansSync.Client.Connection;
using Spectre.Console;

namespace OrleansSync.Client.Tests.Commands;

/// <summary>One run of the client's command line in this process: exit code, stdout and stderr.</summary>
internal sealed record ClientRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<ClientRun> RunAsync(IClusterConnector connector, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var app = new ClientApp(
            connector,
            stdout,
            stderr,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            PlainConsole);
        var exitCode = await app.RunAsync(args);
        return new ClientRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>No colours, no live rendering, and wide enough that tables are not wrapped.</summary>
    public static IAnsiConsole PlainConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        return console;
    }

    public static Task<ClientRun> RunAsync(IClusterConnector connector, params string[] args) => RunAsync(connector, null, args);

    /// <summary>The single JSON object stdout must hold in --json mode (one line, nothing else).</summary>
    public JsonElement Json()
    {
        var lines = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one JSON line on stdout, got {lines.Length}: {Stdout}\nstderr: {Stderr}");
        using var document = JsonDocument.Parse(lines[0]);
        return document.RootElement.Clone();
    }

    public string ErrorCode() => Json().GetProperty("error").GetProperty("code").GetString()!;

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
