namespace OrleansSync.Runtime.Messaging;

/// <summary>No response arrived within the request's timeout. The request may still run remotely.</summary>
public sealed class RequestTimeoutException : MessagingException
{
    public RequestTimeoutException(string message)
        : base(message)
    {
    }
}
