using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

/// <summary>
/// All rows of the membership table at one table version. Every insert and update increments the
/// version by one; I-am-alive writes and dead-row cleanup do not.
/// </summary>
public sealed record MembershipTableSnapshot(long Version, IReadOnlyList<MembershipRow> Rows)
{
    public static MembershipTableSnapshot Empty { get; } = new(0, []);

    /// <summary>The row of <paramref name="silo"/> (exact generation), or null.</summary>
    public MembershipRow? Find(SiloAddress silo) => Rows.FirstOrDefault(row => row.Entry.Silo == silo);

    /// <summary>Entries with status <see cref="SiloStatus.Active"/>, ordered by endpoint then generation.</summary>
    public IReadOnlyList<MembershipEntry> ActiveEntries() =>
        [.. Rows.Select(row => row.Entry)
            .Where(entry => entry.Status == SiloStatus.Active)
            .OrderBy(entry => entry.Silo.Endpoint, StringComparer.Ordinal)
            .ThenBy(entry => entry.Silo.Generation)];
}
