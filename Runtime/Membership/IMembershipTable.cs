using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

/// <summary>
/// Shared store of silo rows with optimistic concurrency, the source of truth for membership.
/// Semantics every implementation must keep (checked by <c>MembershipTableContractTests</c>):
/// <list type="bullet">
/// <item>The table has a version, starting at 0, incremented by exactly one by every successful
/// <see cref="InsertRowAsync"/> and <see cref="UpdateRowAsync"/>; both fail (return false, change
/// nothing) unless the caller's expected version is the current one. Writes are thus totally ordered.</item>
/// <item>Each row has an opaque ETag that changes on every successful <see cref="UpdateRowAsync"/>.</item>
/// <item><see cref="UpdateIAmAliveAsync"/> changes only the heartbeat time: neither the ETag nor the
/// table version, so heartbeats never conflict with votes.</item>
/// </list>
/// A Redis implementation keeps rows in a hash and checks version and ETag in one Lua script.
/// </summary>
public interface IMembershipTable
{
    /// <summary>All rows and the table version, read atomically.</summary>
    Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds the row of <paramref name="entry"/>.Silo if there is none and the table version is
    /// <paramref name="expectedVersion"/>; then the version becomes <paramref name="expectedVersion"/> + 1.
    /// </summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the row of <paramref name="entry"/>.Silo if its ETag is <paramref name="expectedETag"/>
    /// and the table version is <paramref name="expectedVersion"/>; then the version becomes
    /// <paramref name="expectedVersion"/> + 1 and the row gets a new ETag.
    /// </summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string expectedETag, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Sets the heartbeat time of <paramref name="silo"/>'s row; false when there is no such row.</summary>
    Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken);

    /// <summary>Deletes Dead rows whose heartbeat is older than <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> CleanupDeadRowsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
