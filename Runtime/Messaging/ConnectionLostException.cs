namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// The connection carrying a request closed before its response arrived. The request may or may not
/// have been executed by the remote side.
/// </summary>
public sealed class ConnectionLostException : MessagingException
{
    public ConnectionLostException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
