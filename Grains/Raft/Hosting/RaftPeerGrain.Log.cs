using Microsoft.Extensions.Logging;

namespace OrleansSync.Grains.Raft.Hosting;

public sealed partial class RaftPeerGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Raft peer {Peer} activated on {Silo} at term {Term} with {Entries} log entries")]
    private partial void LogActivated(string peer, string silo, ulong term, int entries);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Raft peer {Peer} dropped a batch to node {Destination}: {Inflight} batches unanswered")]
    private partial void LogSendDropped(string peer, ulong destination, int inflight);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Raft peer {Peer} could not deliver to node {Destination}: {ErrorType}: {Error}")]
    private partial void LogSendFailed(string peer, ulong destination, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Raft peer {Peer} stops this activation after a failure in its Ready loop: {ErrorType}: {Error}")]
    private partial void LogReadyFailed(string peer, string errorType, string error);
}
