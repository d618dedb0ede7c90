using Microsoft.Extensions.Logging;

namespace OrleansSync.Grains.Raft.Hosting;

public sealed partial class RaftRouterGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Raft router grain: delivery to peer {Peer} failed: {ErrorType}: {Error}")]
    private partial void LogDeliveryFailed(string peer, string errorType, string error);
}
