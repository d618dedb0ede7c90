using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Redis;
using OrleansSync.Runtime.Tests.Membership;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>The membership table contract against a real redis-server; each table is a fresh cluster id.</summary>
[Trait("Category", "Redis")]
public sealed class RedisMembershipTableTests(RedisServerFixture redis) : MembershipTableContractTests, IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RedisClient _client = null!;

    public async Task InitializeAsync() => _client = await RedisTestOptions.ConnectAsync(redis.Endpoint);

    public async Task DisposeAsync() => await _client.DisposeAsync();

    protected override IMembershipTable CreateTable() => new RedisMembershipTable(_client, NewOptions());

    [Fact]
    public async Task Table_IsOneHashPerClusterId()
    {
        var options = NewOptions();
        var table = new RedisMembershipTable(_client, options);
        var other = new RedisMembershipTable(_client, NewOptions());

        Assert.True(await table.InsertRowAsync(Entry(1), 0, default));

        Assert.Equal(4, (await _client.ExecuteAsync("HLEN", options.KeyPrefix + options.ClusterId)).AsInteger());
        Assert.Empty((await other.ReadAllAsync(default)).Rows);
    }

    [Fact]
    public async Task Table_FromOptions_ConnectsOnFirstUseAndSeesTheSameRows()
    {
        var options = NewOptions();
        var writer = new RedisMembershipTable(_client, options);
        await using var reader = new RedisMembershipTable(options);

        Assert.True(await writer.InsertRowAsync(Entry(3), 0, default));

        var snapshot = await reader.ReadAllAsync(default);
        Assert.Equal(1, snapshot.Version);
        AssertSameEntry(Entry(3), Assert.Single(snapshot.Rows).Entry);
    }

    private RedisClusteringOptions NewOptions() => new()
    {
        Redis = RedisTestOptions.For(redis.Endpoint),
        ClusterId = "contract-" + Guid.NewGuid().ToString("N"),
        KeyPrefix = "test:membership:",
    };
}
