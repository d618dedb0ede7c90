namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// The remote <see cref="IInboundMessageHandler"/> threw while handling a request; carries the
/// remote exception's type name and message (the remote stack stays in the remote log).
/// </summary>
public sealed class RemoteRequestException : MessagingException
{
    public RemoteRequestException(string remoteExceptionType, string remoteMessage)
        : base($"The remote handler failed with {remoteExceptionType}: {remoteMessage}")
    {
        RemoteExceptionType = remoteExceptionType;
        RemoteMessage = remoteMessage;
    }

    /// <summary>Full type name of the exception thrown by the remote handler.</summary>
    public string RemoteExceptionType { get; }

    /// <summary>Message of the exception thrown by the remote handler.</summary>
    public string RemoteMessage { get; }
}
