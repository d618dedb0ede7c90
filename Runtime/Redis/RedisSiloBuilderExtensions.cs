using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Storage;

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

    /// <summary>The container owns the table (and disposes its connection with the host).</summary>
    internal static RedisMembershipTable CreateMembershipTable(IServiceProvider services) => new(
        services.GetRequiredService<IOptions<RedisClusteringOptions>>().Value,
        services.GetService<ILoggerFactory>(),
        services.GetService<TimeProvider>());
}
