using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;
using OrleansSync.Grains.Cache.Client;
using OrleansSync.Grains.Interfaces.Cache;
using OrleansSync.Grains.Raft.Hosting;

namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>
/// Hosts the coherent cache on a silo that runs the Raft peers with a <c>ServiceStateMachine</c>:
/// <c>silo.AddRaftPeers(...).AddCoherentCache()</c>. It registers its own memory stream provider,
/// <see cref="CacheStreamNames.Provider"/>, for the invalidations (ADR 0033): the silo must not
/// register one under that name.
/// </summary>
public static class CacheHostingExtensions
{
    public static ISiloBuilder AddCoherentCache(this ISiloBuilder builder, Action<CacheHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CacheHostingOptions>().Configure(configure ?? (_ => { })).Validate(
            options =>
            {
                options.Validate();
                return true;
            }).ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IRaftApplyObserver, CacheInvalidationPublisher>();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<NearCacheMetrics>();
        builder.Services.TryAddSingleton<NearCacheReadView>();

        // In-silo callers (the HTTP API) go through this silo's own near cache, and serve its live
        // lines from the read view with no grain call (ADR 0032).
        builder.Services.TryAddSingleton(services => new CacheClient(
            services.GetRequiredService<IGrainFactory>(),
            new CacheClientOptions { Silo = services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString() },
            services.GetRequiredService<NearCacheReadView>()));
        builder.AddPlacementDirector<SiloKeyedPlacementStrategy, SiloKeyedPlacementDirector>();
        return builder.AddInvalidationStreams();
    }

    /// <summary>
    /// A memory stream provider for invalidations alone, so that its few queues and short poll
    /// (ADR 0033) cost nothing to other streams. Every near cache subscribes implicitly, so the
    /// provider needs no pub-sub grain or <c>PubSubStore</c>.
    /// </summary>
    private static ISiloBuilder AddInvalidationStreams(this ISiloBuilder builder) =>
        builder.AddMemoryStreams(CacheStreamNames.Provider, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            streams.Configure<HashRingStreamQueueMapperOptions>(queues => queues.Configure<IOptions<CacheHostingOptions>>(
                (mapper, cache) => mapper.TotalQueueCount = cache.Value.InvalidationQueueCount));
            streams.ConfigurePullingAgent(agent => agent.Configure<IOptions<CacheHostingOptions>>(
                (pulling, cache) => pulling.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(cache.Value.InvalidationPollMs)));
        });
}
