using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// A strict reader of the Prometheus text format (0.0.4) for tests: every sample belongs to a
/// family announced by HELP and TYPE before it, families are contiguous and not repeated, names and
/// label names are valid, label values are properly escaped, values parse as floats.
/// </summary>
internal static partial class PrometheusTextParser
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var seenFamilies = new HashSet<string>(StringComparer.Ordinal);
        string? family = null;
        string? type = null;
        var lines = text.Split('\n');
        Assert.True(text.EndsWith('\n'), "the exposition must end with a newline");
        foreach (var line in lines[..^1])
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                family = line["# HELP ".Length..].Split(' ')[0];
                Assert.Matches(MetricName(), family);
                Assert.True(seenFamilies.Add(family), $"family {family} appears twice");
                type = null;
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(family, parts[2]);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                type = parts[3];
                continue;
            }

            Assert.False(line.StartsWith('#'), $"unexpected comment line: {line}");
            Assert.True(family is not null && type is not null, $"sample before HELP and TYPE: {line}");
            var sample = ParseSample(line);
            var allowed = type == "histogram" ? new[] { family + "_bucket", family + "_sum", family + "_count" } : [family!];
            Assert.True(allowed.Contains(sample.Name), $"sample {sample.Name} is not of family {family} ({type})");
            samples.Add(sample with { Family = family! });
        }

        return samples;
    }

    private static PrometheusSample ParseSample(string line)
    {
        var match = Sample().Match(line);
        Assert.True(match.Success, $"not a sample line: {line}");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match label in Label().Matches(match.Groups["labels"].Value))
        {
            var value = Regex.Replace(label.Groups["value"].Value, @"\\(.)", m => m.Groups[1].Value == "n" ? "\n" : m.Groups[1].Value);
            Assert.True(labels.TryAdd(label.Groups["name"].Value, value), $"label repeated: {line}");
        }

        var text = match.Groups["value"].Value;
        var number = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(string.Empty, match.Groups["name"].Value, labels, number);
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")*)\})? (?<value>\S+)$""")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>([^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
