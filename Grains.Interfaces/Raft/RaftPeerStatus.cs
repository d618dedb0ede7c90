
namespace OrleansSync.Grains.Interfaces.Raft;

/// <summary>What a Raft peer reports about itself (status pages, health, tests).</summary>
/// <remarks><see cref="Role"/> is a Raft role, or <c>Removed</c> for a replica that was replaced and stays inert.
/// <see cref="Voters"/> and <see cref="Learners"/> are replica ids of the configuration the peer knows
/// (for a removed peer: the voters of the configuration that removed it).</remarks>
[GenerateSerializer]
public sealed record RaftPeerStatus(
    [property: Id(0)] int Group,
    [property: Id(1)] int Replica,
    [property: Id(2)] string Role,
    [property: Id(3)] ulong Term,
    [property: Id(4)] int LeaderReplica,
    [property: Id(5)] ulong CommitIndex,
    [property: Id(6)] ulong AppliedIndex,
    [property: Id(7)] string Silo,
    [property: Id(8)] int[] Voters,
    [property: Id(9)] int[] Learners)
{
    /// <summary>Proposals this replica accepted as leader, since its activation (a counter: rates come from two readings).</summary>
    [Id(10)]
    public ulong ProposalsAccepted { get; init; }

    /// <summary>Of those, the ones committed and applied here while it still led (their entry in its term).</summary>
    [Id(11)]
    public ulong ProposalsCommitted { get; init; }

    /// <summary>
    /// The sum over <see cref="ProposalsCommitted"/> of the milliseconds from a proposal's arrival
    /// at this leader to its commit and apply here: the mean commit latency between two readings is
    /// the growth of this over the growth of <see cref="ProposalsCommitted"/>.
    /// </summary>
    [Id(12)]
    public double CommitLatencyMsTotal { get; init; }
}
