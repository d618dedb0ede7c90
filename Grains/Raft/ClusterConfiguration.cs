namespace OrleansSync.Grains.Raft;

/// <summary>
/// The members of a Raft group. Voters count towards elections and commitment; learners only
/// receive the log until they are promoted. A node is never both.
/// </summary>
public sealed record ClusterConfiguration
{
    public ClusterConfiguration(IEnumerable<ulong> voters, IEnumerable<ulong>? learners = null)
    {
        Voters = [.. voters.Distinct().Order()];
        Learners = [.. (learners ?? []).Distinct().Order()];
        if (Voters.Contains(NodeId.None) || Learners.Contains(NodeId.None))
        {
            throw new ArgumentException("Node id 0 is reserved for 'none'.");
        }

        if (Voters.Intersect(Learners).Any())
        {
            throw new ArgumentException("A node cannot be both a voter and a learner.");
        }
    }

    /// <summary>Voting members, ascending.</summary>
    public IReadOnlyList<ulong> Voters { get; }

    /// <summary>Non-voting members that receive the log, ascending.</summary>
    public IReadOnlyList<ulong> Learners { get; }

    /// <summary>An empty configuration (a node that has not yet been told its group).</summary>
    public static ClusterConfiguration Empty { get; } = new([]);

    /// <summary>The number of voters that make a majority.</summary>
    public int Quorum => (Voters.Count / 2) + 1;

    public bool IsVoter(ulong node) => Voters.Contains(node);

    public bool IsLearner(ulong node) => Learners.Contains(node);

    public bool Equals(ClusterConfiguration? other) =>
        other is not null && Voters.SequenceEqual(other.Voters) && Learners.SequenceEqual(other.Learners);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var voter in Voters)
        {
            hash.Add(voter);
        }

        hash.Add(-1);
        foreach (var learner in Learners)
        {
            hash.Add(learner);
        }

        return hash.ToHashCode();
    }
}
