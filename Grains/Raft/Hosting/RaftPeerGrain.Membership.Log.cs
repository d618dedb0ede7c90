using Microsoft.Extensions.Logging;

namespace OrleansSync.Grains.Raft.Hosting;

public sealed partial class RaftPeerGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Raft peer {Peer}: replica {Replica} is lost: {Reason}")]
    private partial void LogMemberLost(string peer, int replica, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Raft peer {Peer}: replica {Replica} is back, on live silo {Silo}")]
    private partial void LogMemberFound(string peer, int replica, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Raft peer {Peer} activated on {Silo} without its log, but it was born before elsewhere: it stays inert and never votes, until the leader replaces it")]
    private partial void LogActivatedWithoutLog(string peer, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Raft peer {Peer} proposes {Change} of replica {Replica}: {Reason}")]
    private partial void LogReconfiguring(string peer, string change, int replica, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Raft peer {Peer} defers {Change} of replica {Replica}: {Reason}")]
    private partial void LogReconfigurationDeferred(string peer, string change, int replica, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Raft peer {Peer}: committed configuration voters [{Voters}] learners [{Learners}]")]
    private partial void LogConfigurationCommitted(string peer, string voters, string learners);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Raft peer {Peer} was removed from its group (replicas now [{Replicas}]): it deleted its log and stays inert")]
    private partial void LogRemoved(string peer, string replicas);

    [LoggerMessage(Level = LogLevel.Information, Message = "Raft peer {Peer} activated on {Silo} as a removed replica (tombstone): it stays inert")]
    private partial void LogActivatedRemoved(string peer, string silo);
}
