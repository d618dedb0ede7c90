using OrleansSync.Runtime.Redis;
using OrleansSync.Runtime.Storage;
using OrleansSync.Runtime.Tests.Storage;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>The grain storage contract against a real redis-server, plus Redis-specific checks.</summary>
[Trait("Category", "Redis")]
public sealed class RedisGrainStorageTests(RedisServerFixture redis) : GrainStorageContractTests, IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RedisClient _client = null!;

    public async Task InitializeAsync() => _client = await RedisTestOptions.ConnectAsync(redis.Endpoint);

    public async Task DisposeAsync() => await _client.DisposeAsync();

    protected override IGrainStorage CreateStorage() => new RedisGrainStorage(_client, new RedisGrainStorageOptions { Redis = RedisTestOptions.For(redis.Endpoint) });

    [Fact]
    public async Task Write_StoresOneHashWithEtagAndDataUnderAnUnambiguousKey()
    {
        var storage = new RedisGrainStorage(_client, new RedisGrainStorageOptions { Redis = RedisTestOptions.For(redis.Endpoint), KeyPrefix = "test:" });
        var grain = new GrainId("Type/With/Slashes", "key");

        var etag = await storage.WriteAsync("state", grain, new byte[] { 7 }, null, default);

        var key = storage.KeyOf("state", grain);
        Assert.Equal("test:5:state/17:Type/With/Slashes/key", key);
        var fields = await _client.HashGetAllAsync(key);
        Assert.Equal(["data", "etag"], fields.Keys.Order());
        Assert.Equal(etag, System.Text.Encoding.UTF8.GetString(fields["etag"]));
        Assert.NotEqual(storage.KeyOf("state/17:Type", new GrainId("With/Slashes", "key")), key);
    }

    [Fact]
    public async Task Write_OverMaxStateBytes_IsRejectedBeforeSending()
    {
        var storage = new RedisGrainStorage(_client, new RedisGrainStorageOptions { Redis = RedisTestOptions.For(redis.Endpoint), MaxStateBytes = 4 });

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.WriteAsync("state", NewGrainId(), new byte[5], null, default));
    }

    [Fact]
    public async Task Storage_FromOptions_ConnectsOnFirstUse()
    {
        await using var storage = new RedisGrainStorage(new RedisGrainStorageOptions { Redis = RedisTestOptions.For(redis.Endpoint) });
        var grain = NewGrainId();

        var etag = await storage.WriteAsync("state", grain, new byte[] { 1, 2 }, null, default);

        Assert.Equal(etag, (await storage.ReadAsync("state", grain, default))!.ETag);
    }

    [Fact]
    public void Options_MaxStateBytesOverMaxBulkBytes_AreRejected()
    {
        var options = new RedisGrainStorageOptions { Redis = new RedisOptions { MaxBulkBytes = 10 }, MaxStateBytes = 11 };

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new RedisGrainStorage(options));
    }
}
