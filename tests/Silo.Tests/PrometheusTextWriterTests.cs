using OrleansSync.Silo.Metrics;

namespace OrleansSync.Silo.Tests;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Sample_EscapesLabelValues_AndHelp()
    {
        var writer = new PrometheusTextWriter();
        writer.WriteFamily("demo_total", "counter", "Help with \\ and\nnewline.");
        writer.WriteSample("demo_total", [new("path", "a\"b\\c\nd"), new("group.id", "1")], 3);
        Assert.Equal(
            "# HELP demo_total Help with \\\\ and\\nnewline.\n# TYPE demo_total counter\ndemo_total{path=\"a\\\"b\\\\c\\nd\",group_id=\"1\"} 3\n",
            writer.ToString());
        var sample = Assert.Single(PrometheusTextParser.Parse(writer.ToString()));
        Assert.Equal("a\"b\\c\nd", sample.Labels["path"]);
    }

    [Theory]
    [InlineData("orleanssync.grain.calls", "orleanssync_grain_calls")]
    [InlineData("9lives", "_lives")]
    [InlineData("a-b c:d", "a_b_c:d")]
    public void MetricName_ReplacesInvalidCharacters(string name, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.MetricName(name));

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(-2, "-2")]
    public void FormatValue_IsInvariantAndRoundTrips(double value, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));
}
