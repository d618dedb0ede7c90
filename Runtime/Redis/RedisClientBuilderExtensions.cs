using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Client;
using OrleansSync.Runtime.Membership;

namespace OrleansSync.Runtime.Redis;

/// <summary>The Orleans-style verb that makes a client find its gateways in the Redis membership table.</summary>
public static class RedisClientBuilderExtensions
{
    /// <summary>
    /// TCP client whose gateways are the active silos of the Redis membership table (read at start,
    /// then every <see cref="TcpClientOptions.GatewayRefreshIntervalMs"/>). Use the same
    /// <see cref="RedisClusteringOptions.ClusterId"/> and key prefix as the silos.
    /// </summary>
    public static IClientBuilder UseRedisClustering(this IClientBuilder builder, Action<RedisClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<RedisClusteringOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisClusteringOptions>, RedisClusteringOptionsValidator>());
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.AddSingleton<IMembershipTable>(RedisSiloBuilderExtensions.CreateMembershipTable);
        return builder.UseStaticClustering();
    }

    /// <summary>
    /// Registers a Redis stream provider under <paramref name="name"/> so the client can publish
    /// (clients do not subscribe). Use the same name and channel prefix as the silos.
    /// </summary>
    public static IClientBuilder AddRedisStreams(this IClientBuilder builder, string name, Action<RedisStreamOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RedisSiloBuilderExtensions.AddRedisStreams(builder.Services, name, configure);
        return builder;
    }
}
