using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>A server with a default-user password and an ACL user "alice".</summary>
[Trait("Category", "Redis")]
public sealed class RedisAuthTests : IAsyncLifetime
{
    private const string DefaultPassword = "s3cret-default";
    private const string AlicePassword = "alice-pw";
    private RedisServer _server = null!;

    public async Task InitializeAsync() => _server = await RedisServer.StartNewAsync(
        ["--requirepass", DefaultPassword, "--user", "alice", "on", ">" + AlicePassword, "~*", "&*", "+@all", "--user", "reader", "on", ">reader-pw", "~*", "+get", "+ping"]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Connect_WithDefaultPassword_Works()
    {
        await using var client = await RedisTestOptions.ConnectAsync(_server.Endpoint, options => options.Password = DefaultPassword);

        Assert.Equal("default", (await client.ExecuteAsync("ACL", "WHOAMI")).AsString());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Connect_WithAclUser_AuthenticatesAsThatUser(int protocolVersion)
    {
        await using var client = await RedisTestOptions.ConnectAsync(_server.Endpoint, options =>
        {
            options.User = "alice";
            options.Password = AlicePassword;
            options.ProtocolVersion = protocolVersion;
            options.Database = 2;
        });

        Assert.Equal("alice", (await client.ExecuteAsync("ACL", "WHOAMI")).AsString());
        Assert.True(await client.SetAsync("auth:key", "v"));
    }

    [Fact]
    public async Task Connect_WithWrongPassword_FailsWithWrongPass()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() =>
            RedisTestOptions.ConnectAsync(_server.Endpoint, options => options.Password = "wrong"));

        Assert.Equal("WRONGPASS", error.Prefix);
    }

    [Fact]
    public async Task Connect_WithoutPassword_FailsWithNoAuth()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => RedisTestOptions.ConnectAsync(_server.Endpoint));

        Assert.Equal("NOAUTH", error.Prefix);
    }

    [Fact]
    public async Task Subscriber_WithPassword_ReceivesMessages()
    {
        await using var publisher = await RedisTestOptions.ConnectAsync(_server.Endpoint, options => options.Password = DefaultPassword);
        await using var subscriber = await RedisTestOptions.SubscribeAsync(_server.Endpoint, options => options.Password = DefaultPassword);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await subscriber.SubscribeAsync("auth:channel", (message, _) =>
        {
            received.TrySetResult(message.PayloadText);
            return Task.CompletedTask;
        });

        await publisher.PublishAsync("auth:channel", "hello");

        Assert.Equal("hello", await received.Task.WaitAsync(RedisTestOptions.WaitTimeout));
    }

    [Fact]
    public async Task AclUser_WithoutWritePermission_GetsTypedNoPermError()
    {
        await using var client = await RedisTestOptions.ConnectAsync(_server.Endpoint, options =>
        {
            options.User = "reader";
            options.Password = "reader-pw";
        });

        Assert.Null(await client.GetAsync("auth:absent"));
        var error = await Assert.ThrowsAsync<RedisServerException>(() => client.SetAsync("auth:absent", "x"));

        Assert.Equal("NOPERM", error.Prefix);
    }
}
