namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>One plain redis-server per test class (no auth, no persistence). Fails with the install hint if redis-server is missing.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    internal RedisServer Server => _server ?? throw new InvalidOperationException("the fixture has not started");

    public string Endpoint => Server.Endpoint;

    public async Task InitializeAsync() => _server = await RedisServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
