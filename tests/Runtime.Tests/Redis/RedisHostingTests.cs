using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Redis;
using OrleansSync.Runtime.Storage;

namespace OrleansSync.Runtime.Tests.Redis;

[Trait("Category", "Redis")]
public sealed class RedisHostingTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task AddRedisGrainStorage_RegistersAWorkingNamedStorage()
    {
        var services = new ServiceCollection();
        new SiloBuilder(services).AddRedisGrainStorage("redis-store", options => options.Redis = RedisTestOptions.For(redis.Endpoint));
        await using var provider = services.BuildServiceProvider();

        var storage = Assert.IsType<RedisGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("redis-store"));
        var grain = new GrainId("Hosting.Grain", Guid.NewGuid().ToString("N"));
        var etag = await storage.WriteAsync("state", grain, new byte[] { 4, 2 }, null, default);

        Assert.Equal(etag, (await storage.ReadAsync("state", grain, default))!.ETag);
    }

    [Fact]
    public async Task UseRedisClustering_RegistersTheMembershipTable()
    {
        var services = new ServiceCollection();
        new SiloBuilder(services).UseRedisClustering(options =>
        {
            options.Redis = RedisTestOptions.For(redis.Endpoint);
            options.ClusterId = "hosting-" + Guid.NewGuid().ToString("N");
        });
        await using var provider = services.BuildServiceProvider();

        var table = Assert.IsType<RedisMembershipTable>(provider.GetRequiredService<IMembershipTable>());

        Assert.Equal(0, (await table.ReadAllAsync(default)).Version);
    }

    [Fact]
    public async Task AddRedisGrainStorage_InvalidOptions_FailValidation()
    {
        var services = new ServiceCollection();
        new SiloBuilder(services).AddRedisGrainStorage("bad", options => options.Redis.Endpoint = "no-port:");
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<RedisGrainStorageOptions>>().Get("bad"));

        Assert.Contains("port", error.Message, StringComparison.Ordinal);
    }
}
