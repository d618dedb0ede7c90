namespace OrleansSync.Runtime;

/// <summary>A grain call got no response within the response timeout.</summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    public GrainCallTimeoutException(string message)
        : base(message)
    {
    }
}
