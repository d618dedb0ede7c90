using OrleansSync.Runtime.Membership;

namespace OrleansSync.Silo.Status;

/// <summary>One row of the membership table as <c>/status</c> shows it.</summary>
internal sealed record MembershipSiloStatus(string Address, long Generation, string Status, string? Gateway, DateTimeOffset StartTime, DateTimeOffset IAmAliveTime, int Suspicions)
{
    public static MembershipSiloStatus From(MembershipEntry entry) => new(
        entry.Silo.Endpoint, entry.Silo.Generation, entry.Status.ToString(), entry.GatewayEndpoint, entry.StartTime, entry.IAmAliveTime, entry.Suspicions.Count);
}
