using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Messaging;

namespace OrleansSync.Runtime.Client;

/// <summary>Client clustering over TCP.</summary>
public static class TcpClientBuilderExtensions
{
    /// <summary>Connects to the given gateways ("host:port"); follows the membership table too if one is registered.</summary>
    public static IClientBuilder UseStaticClustering(this IClientBuilder builder, params string[] gatewayEndpoints)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(gatewayEndpoints);
        builder.Services.AddOptions<TcpClientOptions>().Configure(o => o.Gateways.AddRange(gatewayEndpoints)).ValidateOnStart();
        builder.Services.AddOptions<MessagingOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TcpClientOptions>, TcpClientOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
        builder.Services.RemoveAll<IClientClustering>();
        builder.Services.AddSingleton<IClientClustering, TcpClientClustering>();
        return builder;
    }

    /// <summary>Finds gateways in the given membership table (and keeps following it).</summary>
    public static IClientBuilder UseMembershipTable(this IClientBuilder builder, IMembershipTable table)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.AddSingleton(table);
        return builder.UseStaticClustering();
    }

    public static IClientBuilder ConfigureMessaging(this IClientBuilder builder, Action<MessagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }
}
