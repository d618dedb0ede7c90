using System.Globalization;
using System.Text;

namespace OrleansSync.Silo.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): one <c># HELP</c> and one
/// <c># TYPE</c> line per metric family, then its samples. Names are sanitized to
/// <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label names to <c>[a-zA-Z_][a-zA-Z0-9_]*</c>; HELP text escapes
/// backslash and newline, label values also the double quote.
/// </summary>
internal sealed class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    private readonly StringBuilder _text = new();

    public void WriteFamily(string name, string type, string? help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help ?? name)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    public void WriteSample(string name, IReadOnlyList<KeyValuePair<string, string>> labels, double value)
    {
        _text.Append(name);
        if (labels.Count > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Count; i++)
            {
                _text.Append(i == 0 ? string.Empty : ",").Append(LabelName(labels[i].Key)).Append("=\"").Append(EscapeLabelValue(labels[i].Value)).Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    public override string ToString() => _text.ToString();

    /// <summary>A metric name from an instrument name: invalid characters become '_'.</summary>
    public static string MetricName(string name)
    {
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var valid = char.IsAsciiLetter(c) || c is '_' or ':' || (i > 0 && char.IsAsciiDigit(c));
            builder.Append(valid ? c : '_');
        }

        return builder.Length == 0 ? "_" : builder.ToString();
    }

    public static string LabelName(string name) => MetricName(name).Replace(':', '_');

    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string EscapeHelp(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeLabelValue(string text) => EscapeHelp(text).Replace("\"", "\\\"", StringComparison.Ordinal);
}
