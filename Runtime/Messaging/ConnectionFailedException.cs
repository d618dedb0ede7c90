namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// No connection to the target could be established (refused, timed out, blocked by a connection
/// filter, or every attempt failed). Nothing was sent, so retrying is safe.
/// </summary>
public sealed class ConnectionFailedException : MessagingException
{
    public ConnectionFailedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
