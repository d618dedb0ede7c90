using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansSync.Grains.Cache.Client;
using OrleansSync.Grains.Raft.Hosting;

namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>
/// Hosts the coherent cache on a silo that runs the Raft peers with a <c>ServiceStateMachine</c>:
/// <c>silo.AddRaftPeers(...).AddCoherentCache()</c>. The silo must configure the memory stream
/// provider <c>"orleanssync"</c> (with a <c>PubSubStore</c>): invalidations ride on it.
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
        return builder;
    }
}
