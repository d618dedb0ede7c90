namespace OrleansSync.Runtime.Messaging;

/// <summary>Base class of every error the transport raises.</summary>
public class MessagingException : Exception
{
    public MessagingException(string message)
        : base(message)
    {
    }

    public MessagingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
