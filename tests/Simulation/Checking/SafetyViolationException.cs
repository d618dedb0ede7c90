namespace OrleansSync.Simulation.Checking;

/// <summary>A Raft safety property failed in simulation. The message says which and where.</summary>
internal sealed class SafetyViolationException : Exception
{
    public SafetyViolationException(string message)
        : base(message)
    {
    }

    public SafetyViolationException()
    {
    }

    public SafetyViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
