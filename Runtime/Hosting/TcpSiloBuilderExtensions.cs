using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Silo;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Hosting;

/// <summary>Silo clustering over TCP (transport and membership from <c>Runtime/Messaging</c> and <c>Runtime/Membership</c>).</summary>
public static class TcpSiloBuilderExtensions
{
    /// <summary>
    /// TCP transport plus the membership agent over the registered <see cref="IMembershipTable"/>
    /// (register one first, e.g. <see cref="UseMembershipTable"/>, or use <see cref="UseStaticClustering"/>).
    /// </summary>
    public static ISiloBuilder UseTcpClustering(this ISiloBuilder builder, Action<TcpClusteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<TcpClusteringOptions>().Configure(configure ?? (_ => { })).ValidateOnStart();
        services.AddOptions<MessagingOptions>().ValidateOnStart();
        services.AddOptions<MembershipOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TcpClusteringOptions>, TcpClusteringOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        services.RemoveAll<ISiloClustering>();
        services.AddSingleton<ISiloClustering, TcpSiloClustering>();
        return builder;
    }

    /// <summary>TCP with a static seed list as the membership table (each silo keeps its own copy; see <see cref="StaticMembershipTable"/>).</summary>
    public static ISiloBuilder UseStaticClustering(this ISiloBuilder builder, IEnumerable<string> seedEndpoints, Action<TcpClusteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var seeds = seedEndpoints.Select(e => new SiloAddress(e, 0)).ToList();
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.AddSingleton<IMembershipTable>(sp => new StaticMembershipTable(seeds, sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        return builder.UseTcpClustering(configure);
    }

    /// <summary>Uses the given membership table (share one <see cref="InMemoryMembershipTable"/> between silos of one process).</summary>
    public static ISiloBuilder UseMembershipTable(this ISiloBuilder builder, IMembershipTable table)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IMembershipTable>();
        builder.Services.AddSingleton(table);
        return builder;
    }

    /// <summary>Injects faults (partitions) into the TCP transport.</summary>
    public static ISiloBuilder UseConnectionFilter(this ISiloBuilder builder, IConnectionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IConnectionFilter>();
        builder.Services.AddSingleton(filter);
        return builder;
    }

    public static ISiloBuilder ConfigureMessaging(this ISiloBuilder builder, Action<MessagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    public static ISiloBuilder ConfigureMembership(this ISiloBuilder builder, Action<MembershipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }
}
