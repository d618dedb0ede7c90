using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Liveness;

/// <summary>A versioned snapshot of the active silos; placement is computed over it.</summary>
public sealed record MembershipView(long Version, IReadOnlyList<SiloAddress> ActiveSilos)
{
    public static MembershipView Empty { get; } = new(0, []);

    public bool Contains(SiloAddress silo) => ActiveSilos.Contains(silo);
}
