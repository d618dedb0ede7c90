namespace OrleansSync.Grains.Raft.Hosting.Births;

/// <summary>
/// The cluster-wide record that a replica id was born, with a log, on some silo. A replica that
/// activates where its log is absent asks to be born; if it was born before, its log is elsewhere
/// (or lost), and it must start inert rather than vote or acknowledge from an empty log (ADR 0011).
/// </summary>
public interface IReplicaBirthRegistry
{
    /// <summary>
    /// Records the birth of <paramref name="replica"/> on <paramref name="silo"/> if it has none: true
    /// if this call created the record, false if the replica was born before (on any silo).
    /// Atomic across the cluster: of two racing callers at most one gets true.
    /// </summary>
    Task<bool> TryRecordBirthAsync(RaftPeerKey replica, string silo, CancellationToken cancellationToken);

    /// <summary>The silo endpoint <paramref name="replica"/> was born on (where its log is), or null if it was never born.</summary>
    Task<string?> FindBirthSiloAsync(RaftPeerKey replica, CancellationToken cancellationToken);
}
