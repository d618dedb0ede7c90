namespace OrleansSync.Silo.Hosting;

/// <summary>Copies of membership rows, so that no caller of <see cref="SharedMembershipTable"/> can change a stored row in place.</summary>
internal static class MembershipEntryExtensions
{
    public static MembershipEntry Clone(this MembershipEntry entry) => new()
    {
        SiloAddress = entry.SiloAddress,
        Status = entry.Status,
        SuspectTimes = entry.SuspectTimes is null ? null : [.. entry.SuspectTimes],
        ProxyPort = entry.ProxyPort,
        HostName = entry.HostName,
        SiloName = entry.SiloName,
        RoleName = entry.RoleName,
        UpdateZone = entry.UpdateZone,
        FaultZone = entry.FaultZone,
        StartTime = entry.StartTime,
        IAmAliveTime = entry.IAmAliveTime,
    };
}
