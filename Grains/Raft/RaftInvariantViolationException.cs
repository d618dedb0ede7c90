namespace OrleansSync.Grains.Raft;

/// <summary>A Raft safety invariant does not hold: a bug, or storage that broke its contract. The node must stop.</summary>
public sealed class RaftInvariantViolationException : Exception
{
    public RaftInvariantViolationException(string message)
        : base("Raft invariant violated: " + message)
    {
    }

    public RaftInvariantViolationException()
    {
    }

    public RaftInvariantViolationException(string message, Exception innerException)
        : base("Raft invariant violated: " + message, innerException)
    {
    }
}
