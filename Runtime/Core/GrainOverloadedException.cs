namespace OrleansSync.Runtime;

/// <summary>The grain's mailbox was full; the call was rejected without running.</summary>
public sealed class GrainOverloadedException : Exception
{
    public GrainOverloadedException(string message)
        : base(message)
    {
    }
}
