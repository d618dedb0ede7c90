using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

/// <summary>The contents of one row of the membership table: one silo incarnation.</summary>
/// <param name="Silo">The incarnation (endpoint + generation); the row's key.</param>
/// <param name="Status">Where it is in its life cycle.</param>
/// <param name="StartTime">When the incarnation started (its own clock).</param>
/// <param name="IAmAliveTime">Last heartbeat the silo wrote itself (its own clock).</param>
/// <param name="Suspicions">Unexpired votes of other silos that this one is dead.</param>
/// <param name="GatewayEndpoint">Endpoint clients connect to, or null when the silo is no gateway.</param>
public sealed record MembershipEntry(
    SiloAddress Silo,
    SiloStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    IReadOnlyList<SuspicionVote> Suspicions,
    string? GatewayEndpoint)
{
    /// <summary>A fresh row for a starting silo: Joining, no votes.</summary>
    public static MembershipEntry Joining(SiloAddress silo, DateTimeOffset now, string? gatewayEndpoint) =>
        new(silo, SiloStatus.Joining, now, now, [], gatewayEndpoint);
}
