using System.Net;
using System.Net.Sockets;
using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>The synchronous connection used by synchronous callers (the Redis Raft log store).</summary>
[Trait("Category", "Redis")]
public sealed class RedisBlockingConnectionTests : IAsyncLifetime
{
    private RedisServer _server = null!;

    public async Task InitializeAsync() => _server = await RedisServer.StartNewAsync(["--requirepass", "blocking-secret"]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Execute_AuthenticatesSelectsAndPipelinesABatch()
    {
        using var connection = new RedisBlockingConnection(Options(o => o.Database = 3));

        var replies = connection.ExecuteBatch([["SET", "blocking:key", "value"], ["GET", "blocking:key"], ["INCR", "blocking:key"]]);

        Assert.Equal("OK", replies[0].AsString());
        Assert.Equal("value", replies[1].AsString());
        Assert.Equal(RedisReplyKind.Error, replies[2].Kind);
        var error = Assert.Throws<RedisServerException>(() => RedisBlockingConnection.ThrowIfError(replies[2]));
        Assert.Equal("ERR", error.Prefix);
        Assert.Contains("db=3", connection.Execute("CLIENT", "INFO").AsString()!.Split(' '));
    }

    [Fact]
    public void Connect_ToLocalhost_FallsBackToTheAddressTheServerListensOn()
    {
        // The server binds 127.0.0.1 only; localhost may resolve to ::1 first.
        using var connection = new RedisBlockingConnection(Options(o => o.Endpoint = $"localhost:{_server.Port}"));

        Assert.Equal("PONG", connection.Execute("PING").AsString());
    }

    [Fact]
    public void Connect_WrongPassword_FailsWithTheServersError()
    {
        using var connection = new RedisBlockingConnection(Options(o => o.Password = "wrong"));

        var error = Assert.Throws<RedisServerException>(() => connection.Execute("PING"));

        Assert.Equal("WRONGPASS", error.Prefix);
    }

    [Fact]
    public async Task Execute_AfterRestart_FailsOnceThenReconnects()
    {
        using var connection = new RedisBlockingConnection(Options());
        Assert.Equal("PONG", connection.Execute("PING").AsString());

        await _server.KillAsync();
        var error = Assert.Throws<RedisConnectionException>(() => connection.Execute("PING"));
        Assert.Contains(_server.Endpoint, error.Message, StringComparison.Ordinal);
        await _server.StartAsync();

        Assert.Equal("PONG", connection.Execute("PING").AsString());
    }

    [Fact]
    public void Connect_NothingListening_FailsWithConnectionError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var connection = new RedisBlockingConnection(RedisTestOptions.For($"127.0.0.1:{port}"));

        var error = Assert.Throws<RedisConnectionException>(() => connection.Execute("PING"));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    private RedisOptions Options(Action<RedisOptions>? configure = null) => RedisTestOptions.For(_server.Endpoint, o =>
    {
        o.Password = "blocking-secret";
        configure?.Invoke(o);
    });
}
