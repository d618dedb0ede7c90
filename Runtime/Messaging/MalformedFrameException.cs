namespace OrleansSync.Runtime.Messaging;

/// <summary>A peer sent bytes that are not a valid frame (bad kind, reserved bits, or a payload over the limit).</summary>
public sealed class MalformedFrameException : MessagingException
{
    public MalformedFrameException(string message)
        : base(message)
    {
    }
}
