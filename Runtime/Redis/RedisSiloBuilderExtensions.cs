using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Storage;
using OrleansSync.Runtime.Streams;

namespace OrleansSync.Runtime.Redis;

/// <summary>The Orleans-style verbs that put a silo's membership and grain state in Redis.</summary>
public static class RedisSiloBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="RedisMembershipTable"/> as the silo's <see cref="IMembershipTable"/>
    /// (validated on start; connects on first use) and selects TCP clustering over it, so this is
    /// the whole clustering choice, as in Orleans. Port and addresses: <c>UseTcpClustering(o =&gt; ...)</c>,
    /// before or after this call.
    /// </summary>
    public static ISiloBuilder UseRedisClustering(this ISiloBuilder builder, Action<RedisClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<RedisClusteringOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisClusteringOptions>, RedisClusteringOptionsValidator>());
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.AddSingleton<IMembershipTable>(CreateMembershipTable);
        return builder.UseTcpClustering();
    }

    /// <summary>Registers a <see cref="RedisGrainStorage"/> under <paramref name="name"/> (validated on start; connects on first use).</summary>
    public static ISiloBuilder AddRedisGrainStorage(this ISiloBuilder builder, string name, Action<RedisGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<RedisGrainStorageOptions>(name).Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisGrainStorageOptions>, RedisGrainStorageOptionsValidator>());
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, key) => new RedisGrainStorage(
            services.GetRequiredService<IOptionsMonitor<RedisGrainStorageOptions>>().Get((string)key!),
            services.GetService<ILoggerFactory>(),
            services.GetService<TimeProvider>()));
        return builder;
    }

    /// <summary>
    /// Registers a Redis pub/sub stream provider under <paramref name="name"/> (validated on start;
    /// connects on first use). At-most-once: no persistence, no replay, subscriptions end with the
    /// subscribing activation. Register the same name and options on clients that publish.
    /// </summary>
    public static ISiloBuilder AddRedisStreams(this ISiloBuilder builder, string name, Action<RedisStreamOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddRedisStreams(builder.Services, name, configure);
        return builder;
    }

    /// <summary>Shared by the silo and client verbs: options, the agent (owned by the container) and the registry entry.</summary>
    internal static void AddRedisStreams(IServiceCollection services, string name, Action<RedisStreamOptions> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RedisStreamOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStreamOptions>, RedisStreamOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<RedisStreamMetrics>();
        services.AddKeyedSingleton(name, (sp, key) => new RedisStreamAgent(
            (string)key!,
            sp.GetRequiredService<IOptionsMonitor<RedisStreamOptions>>().Get((string)key!),
            sp.GetRequiredService<RedisStreamMetrics>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        StreamProviderServices.Add(services, name, sp =>
        {
            var agent = sp.GetRequiredKeyedService<RedisStreamAgent>(name);
            return (_, _, subscriber) => new RedisStreamProvider(agent, subscriber);
        });
    }

    /// <summary>The container owns the table (and disposes its connection with the host).</summary>
    internal static RedisMembershipTable CreateMembershipTable(IServiceProvider services) => new(
        services.GetRequiredService<IOptions<RedisClusteringOptions>>().Value,
        services.GetService<ILoggerFactory>(),
        services.GetService<TimeProvider>());
}
