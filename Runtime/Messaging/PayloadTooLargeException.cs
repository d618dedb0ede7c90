namespace OrleansSync.Runtime.Messaging;

/// <summary>A payload larger than <see cref="MessagingOptions.MaxFrameBytes"/> was given to a send; nothing was sent.</summary>
public sealed class PayloadTooLargeException : MessagingException
{
    public PayloadTooLargeException(int payloadBytes, int maxFrameBytes)
        : base($"The payload of {payloadBytes} bytes exceeds MaxFrameBytes ({maxFrameBytes}).")
    {
        PayloadBytes = payloadBytes;
        MaxFrameBytes = maxFrameBytes;
    }

    /// <summary>Size of the rejected payload.</summary>
    public int PayloadBytes { get; }

    /// <summary>The configured limit.</summary>
    public int MaxFrameBytes { get; }
}
