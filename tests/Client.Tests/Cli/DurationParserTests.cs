using OrleansSync.Client.Cli;

namespace OrleansSync.Client.Tests.Cli;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData(" 10S ", 10_000)]
    [InlineData("24h", 86_400_000)]
    public void TryParse_AcceptsAWholeNumberWithAUnit(string text, long expectedMs)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("-5s")]
    [InlineData("1.5s")]
    [InlineData("s")]
    [InlineData("ms")]
    [InlineData("5x")]
    [InlineData("25h")]
    [InlineData("99999999999999999999ms")]
    [InlineData(null)]
    public void TryParse_RefusesAnythingElse_WithAnExample(string? text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Contains("such as 500ms, 30s, 2m", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1500, "1500ms")]
    [InlineData(30_000, "30s")]
    [InlineData(120_000, "2m")]
    [InlineData(90_000, "90s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(0, "0ms")]
    public void Format_WritesTheLargestExactUnit_AndParsesBack(long ms, string expected)
    {
        var text = DurationParser.Format(TimeSpan.FromMilliseconds(ms));

        Assert.Equal(expected, text);
        Assert.True(DurationParser.TryParse(text, out var back, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), back);
    }
}
