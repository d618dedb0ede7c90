using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

[Trait("Category", "Redis")]
public sealed class RedisStreamOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new RedisStreamOptionsValidator().Validate("s", new RedisStreamOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EveryBadValue_IsReported()
    {
        var options = new RedisStreamOptions
        {
            ChannelPrefix = string.Empty,
            MaxQueuedMessagesPerChannel = 0,
            MaxMessageBytes = -1,
            DeliveryTimeoutMs = 0,
        };

        var result = new RedisStreamOptionsValidator().Validate("s", options);

        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("ChannelPrefix", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("MaxQueuedMessagesPerChannel must be positive, was 0", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("DeliveryTimeoutMs", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MaxMessageBytesOverWhatSubscribersAccept_Fails()
    {
        var options = new RedisStreamOptions { MaxMessageBytes = 2048, Redis = new RedisOptions { MaxBulkBytes = 1024 } };

        var result = new RedisStreamOptionsValidator().Validate("s", options);

        Assert.Contains("MaxMessageBytes (2048) exceeds Redis.MaxBulkBytes (1024)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRedisStreams_InvalidOptions_FailTheSiloAtStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOrleansSyncSilo(silo => silo.UseLocalhostClustering().AddRedisStreams("s", o => o.MaxQueuedMessagesPerChannel = -5));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("MaxQueuedMessagesPerChannel must be positive, was -5", error.Message, StringComparison.Ordinal);
    }
}
