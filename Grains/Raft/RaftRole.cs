namespace OrleansSync.Grains.Raft;

/// <summary>The role a node plays in its current term.</summary>
public enum RaftRole
{
    Follower = 0,

    /// <summary>Asking for PreVotes; the term has not been incremented yet.</summary>
    PreCandidate = 1,
    Candidate = 2,
    Leader = 3,
}
