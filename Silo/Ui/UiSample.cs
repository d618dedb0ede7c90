namespace OrleansSync.Silo.Ui;

/// <summary>One sample of the cluster as this silo saw it.</summary>
/// <param name="At">When it was taken.</param>
/// <param name="ActiveSilos">Active silos in this silo's membership view.</param>
/// <param name="GroupsWithLeader">Raft groups some replica leads.</param>
/// <param name="CommitIndexes">Each group's leader commit index (null: no leader), in group order; their growth is the proposal rate.</param>
/// <param name="Locks">Locks held or waited on, over all groups (null: some group did not answer).</param>
/// <param name="Leases">Open leases, over all groups (null likewise).</param>
internal sealed record UiSample(DateTimeOffset At, int ActiveSilos, int GroupsWithLeader, IReadOnlyList<ulong?> CommitIndexes, int? Locks, int? Leases);
