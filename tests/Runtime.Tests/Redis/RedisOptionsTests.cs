using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

[Trait("Category", "Redis")]
public sealed class RedisOptionsTests
{
    [Theory]
    [InlineData("localhost:6379", "localhost", 6379)]
    [InlineData("127.0.0.1:7000", "127.0.0.1", 7000)]
    [InlineData("redis", "redis", 6379)]
    [InlineData(" cache.internal:1 ", "cache.internal", 1)]
    [InlineData("[::1]:6380", "::1", 6380)]
    [InlineData("[::1]", "::1", 6379)]
    public void Parse_ValidEndpoint_GivesHostAndPort(string text, string host, int port)
    {
        var endpoint = RedisEndpoint.Parse(text);

        Assert.Equal(new RedisEndpoint(host, port), endpoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:-1")]
    [InlineData(":6379")]
    [InlineData("::1:6379")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("my host:6379")]
    public void TryParse_InvalidEndpoint_FailsWithReason(string text)
    {
        Assert.False(RedisEndpoint.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new RedisOptionsValidator().Validate(null, new RedisOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_ListsEveryProblem()
    {
        var options = new RedisOptions
        {
            Endpoint = "host:99999",
            User = "alice",
            Database = -1,
            ProtocolVersion = 4,
            CommandTimeoutMs = 0,
            ReconnectInitialDelayMs = 10_000,
            ReconnectMaxDelayMs = 100,
            ClientName = "has space",
        };

        var result = new RedisOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(7, result.Failures!.Count());
        Assert.Contains(result.Failures!, failure => failure.Contains("Password", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(options.ThrowIfInvalid);
    }

    [Fact]
    public void Backoff_SameSeed_SameDelaysWithinDoublingBoundsUpToCap()
    {
        var first = new RedisBackoff(100, 1_000, new Random(42));
        var second = new RedisBackoff(100, 1_000, new Random(42));

        for (var attempt = 0; attempt < 40; attempt++)
        {
            var delay = first.NextDelay(attempt);
            Assert.Equal(delay, second.NextDelay(attempt));
            var capMs = Math.Min(1_000, 100 * Math.Pow(2, Math.Min(attempt, 30)));
            Assert.InRange(delay.TotalMilliseconds, capMs / 2, capMs);
        }
    }
}
