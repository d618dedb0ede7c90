using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace OrleansSync.Client.Cli;

/// <summary>
/// Where commands write. Human mode: Spectre tables and text on stdout, errors on stderr. JSON
/// mode (<c>--json</c>): exactly one JSON object on one line on stdout, whether the command
/// succeeded or failed (<c>{"error":{"code":...,"message":...}}</c>); the exit code tells which.
/// </summary>
internal sealed class CommandOutput(TextWriter stdout, TextWriter stderr, IAnsiConsole console, bool json)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,

        // Readable quotes and non-ASCII in messages; the output is a terminal or a pipe, never HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool IsJson => json;

    /// <summary>Human-mode console (tables, markup); do not use in JSON mode.</summary>
    public IAnsiConsole Console => console;

    public TextWriter Stdout => stdout;

    public TextWriter Stderr => stderr;

    public void WriteJson<T>(T value)
    {
        stdout.WriteLine(Serialize(value));
        stdout.Flush();
    }

    public void WriteError(CliException error)
    {
        if (json)
        {
            WriteJson(new ErrorEnvelope(new ErrorBody(error.Code, error.Message)));
        }
        else
        {
            stderr.WriteLine($"error: {error.Message}");
            stderr.Flush();
        }
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    private sealed record ErrorEnvelope(ErrorBody Error);

    private sealed record ErrorBody(string Code, string Message);
}
