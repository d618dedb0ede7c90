using System.Globalization;

namespace OrleansSync.Silo.Status;

/// <summary>One silo of Orleans' membership as <c>/status</c> shows it.</summary>
internal sealed record MembershipSiloStatus(
    string Name, string Address, long Generation, string Status, string? Gateway, DateTimeOffset StartTime, DateTimeOffset IAmAliveTime, int Suspicions)
{
    public static MembershipSiloStatus From(MembershipEntry entry) => new(
        entry.SiloName ?? entry.SiloAddress.Endpoint.ToString(),
        entry.SiloAddress.Endpoint.ToString(),
        entry.SiloAddress.Generation,
        entry.Status.ToString(),
        entry.ProxyPort > 0 ? string.Create(CultureInfo.InvariantCulture, $"{entry.SiloAddress.Endpoint.Address}:{entry.ProxyPort}") : null,
        entry.StartTime,
        entry.IAmAliveTime,
        entry.SuspectTimes?.Count ?? 0);
}
