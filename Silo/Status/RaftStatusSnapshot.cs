namespace OrleansSync.Silo.Status;

/// <summary>The groups' status as read at <see cref="ReadAt"/>.</summary>
internal sealed record RaftStatusSnapshot(DateTimeOffset ReadAt, IReadOnlyList<RaftGroupSummary> Groups)
{
    /// <summary>Groups no replica reports a leader for.</summary>
    public IReadOnlyList<int> LeaderlessGroups => [.. Groups.Where(g => g.LeaderReplica is null).Select(g => g.Group)];
}
