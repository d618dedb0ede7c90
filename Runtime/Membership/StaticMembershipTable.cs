using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

/// <summary>
/// A membership table whose initial rows come from configuration (a seed list of silo
/// addresses), for deployments without a shared store. Honest semantics:
/// <list type="bullet">
/// <item>The table lives in this process only. Each silo holds its own copy, so nothing written here
/// (heartbeats, suspicions, death declarations, joins) is seen by other silos: a death declared
/// here is this silo's local opinion, not a cluster-wide decision, and two silos can disagree.</item>
/// <item>Configured peers start Active with the configured generation; generation 0 means "whichever
/// incarnation listens there" (probes then accept any generation).</item>
/// <item>A configured peer that restarts is not seen as a new incarnation unless its configured
/// generation is 0.</item>
/// </list>
/// Use it for fixed, small clusters and tests; use a shared table (Redis) when silos come and go.
/// </summary>
public sealed class StaticMembershipTable : IMembershipTable
{
    private readonly InMemoryMembershipTable _rows = new();

    /// <param name="seeds">The configured silos; each starts as an Active row.</param>
    /// <param name="startTime">Start and heartbeat time recorded for the seeded rows.</param>
    public StaticMembershipTable(IEnumerable<SiloAddress> seeds, DateTimeOffset startTime)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var version = 0L;
        foreach (var seed in seeds.Distinct())
        {
            var entry = new MembershipEntry(seed, SiloStatus.Active, startTime, startTime, [], seed.Endpoint);

            if (!_rows.TryInsert(entry, version))
            {
                throw new InvalidOperationException($"Seed {seed} could not be inserted.");
            }

            version++;
        }
    }

    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken) =>
        _rows.ReadAllAsync(cancellationToken);

    public Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken) =>
        _rows.InsertRowAsync(entry, expectedVersion, cancellationToken);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string expectedETag, long expectedVersion, CancellationToken cancellationToken) =>
        _rows.UpdateRowAsync(entry, expectedETag, expectedVersion, cancellationToken);

    public Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken) =>
        _rows.UpdateIAmAliveAsync(silo, iAmAliveTime, cancellationToken);

    public Task<int> CleanupDeadRowsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        _rows.CleanupDeadRowsAsync(olderThan, cancellationToken);
}
