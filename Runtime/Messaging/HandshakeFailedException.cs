namespace OrleansSync.Runtime.Messaging;

/// <summary>The handshake of a new connection failed (wrong cluster, version or secret, bad bytes, timeout).</summary>
public sealed class HandshakeFailedException : MessagingException
{
    public HandshakeFailedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
