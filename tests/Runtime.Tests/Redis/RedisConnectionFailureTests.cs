using System.Text;
using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>The client against a scripted peer: malformed and truncated replies close the connection with typed errors.</summary>
[Trait("Category", "Redis")]
public sealed class RedisConnectionFailureTests
{
    private static readonly byte[] Pong = "+PONG\r\n"u8.ToArray();

    [Fact]
    public async Task MalformedReply_FailsTheCommandWithTheProtocolErrorAsCause()
    {
        await using var server = new FakeRedisServer(command => command == 0 ? Pong : "?garbage\r\n"u8.ToArray());
        await using var client = await RedisTestOptions.ConnectAsync(server.Endpoint);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetAsync("k"));

        var cause = Assert.IsType<RedisProtocolException>(error.InnerException);
        Assert.Contains("unknown type prefix", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyTruncatedByClose_FailsTheCommandSayingMidReply()
    {
        await using var server = new FakeRedisServer(command => command switch
        {
            0 => Pong,
            1 => "$10\r\nabc"u8.ToArray(),
            _ => null,
        });
        await using var client = await RedisTestOptions.ConnectAsync(server.Endpoint);
        var get = client.GetAsync("k");
        var closer = client.PingAsync();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => get);
        await Assert.ThrowsAsync<RedisConnectionException>(() => closer);

        Assert.Contains("in the middle of a reply", error.InnerException?.Message ?? error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkOverMaxBulkBytes_IsRejectedWithoutBufferingIt()
    {
        await using var server = new FakeRedisServer(command => command == 0 ? Pong : Encoding.ASCII.GetBytes("$999999999\r\n"));
        await using var client = await RedisTestOptions.ConnectAsync(server.Endpoint, options => options.MaxBulkBytes = 1024);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetAsync("k"));

        Assert.Contains("MaxBulkBytes=1024", error.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsolicitedReply_ClosesTheConnection()
    {
        await using var server = new FakeRedisServer(command => command == 0 ? Pong : "+OK\r\n+EXTRA\r\n"u8.ToArray());
        await using var client = await RedisTestOptions.ConnectAsync(server.Endpoint);

        Assert.Equal("OK", (await client.ExecuteAsync("SET", "k", "v")).AsString());
        using var wait = new CancellationTokenSource(RedisTestOptions.WaitTimeout);
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => PingUntilFailureAsync(client, wait.Token));

        Assert.Contains("no command is waiting for", error.InnerException?.Message ?? error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WhenServerNeverAnswersHandshake_TimesOut()
    {
        await using var server = new FakeRedisServer(_ => []);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() =>
            RedisTestOptions.ConnectAsync(server.Endpoint, options => options.ConnectTimeoutMs = 200));

        Assert.Contains("ConnectTimeoutMs=200", error.Message, StringComparison.Ordinal);
    }

    private static async Task PingUntilFailureAsync(RedisClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            await client.ExecuteAsync(["PING"], cancellationToken);
        }
    }
}
