using Microsoft.Extensions.DependencyInjection;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Silo;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Placement;

/// <summary>
/// What a <see cref="ReplicaPlacementAttribute"/> grain needs to reason about its group's placement:
/// the silo it runs on and the membership view placement is computed over. Register it with
/// <see cref="Register"/>; grains take it by constructor injection.
/// </summary>
public sealed class ReplicaPlacementContext
{
    private readonly SiloHost _host;

    private ReplicaPlacementContext(SiloHost host)
    {
        _host = host;
    }

    /// <summary>This silo's incarnation, or null before it joined.</summary>
    public SiloAddress? LocalSilo => _host.Address;

    /// <summary>The membership view this silo places grains by.</summary>
    public MembershipView CurrentView => _host.CurrentView;

    /// <summary>Adds the context to a silo's services (idempotent).</summary>
    public static void Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(ReplicaPlacementContext)))
        {
            services.AddSingleton(sp => new ReplicaPlacementContext(sp.GetRequiredService<SiloHost>()));
        }
    }
}
