namespace OrleansSync.Simulation.Running;

/// <summary>What happened during one seed, for progress lines and sanity (a run that commits nothing proves nothing).</summary>
internal sealed record SeedStatistics
{
    public long Ticks { get; init; }

    public ulong CommittedIndex { get; init; }

    public int Leaders { get; init; }

    public int Crashes { get; init; }

    public int Pauses { get; init; }

    public int CompletedOperations { get; init; }

    public int PendingOperations { get; init; }

    public int Snapshots { get; init; }

    public int MembershipChanges { get; init; }

    /// <summary>Expiries leaders proposed (locks only); some are lost to leader changes.</summary>
    public int LeaderExpiryProposals { get; init; }

    /// <summary>Leader-proposed expiries that applied (locks only).</summary>
    public int LeaderExpiries { get; init; }

    public override string ToString() =>
        $"ticks={Ticks} committed={CommittedIndex} leaders={Leaders} crashes={Crashes} pauses={Pauses} ops={CompletedOperations} "
        + $"pending={PendingOperations} snapshots={Snapshots} membership-changes={MembershipChanges} leader-expiries={LeaderExpiries}/{LeaderExpiryProposals}";
}
