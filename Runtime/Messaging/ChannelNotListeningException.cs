namespace OrleansSync.Runtime.Messaging;

/// <summary>A request reached a silo whose runtime has not started listening yet (see <see cref="TcpMessageChannel"/>).</summary>
internal sealed class ChannelNotListeningException : Exception
{
    public ChannelNotListeningException()
        : base("The silo is not listening for requests yet.")
    {
    }
}
