using Microsoft.Extensions.Logging;

namespace OrleansSync.Grains.Raft.Hosting;

public sealed partial class RaftMessageRouter
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Raft router: queue for silo {Silo} is full ({Batches} batches); dropped a batch")]
    private partial void LogQueueFull(string silo, int batches);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Raft router: call to silo {Silo} with {Batches} batches failed: {ErrorType}: {Error}")]
    private partial void LogCallFailed(string silo, int batches, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Raft router: delivery to peer {Peer} failed: {ErrorType}: {Error}")]
    private partial void LogDeliveryFailed(string peer, string errorType, string error);
}
