using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

public sealed partial class MembershipAgent
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "{Silo} joined the cluster (table version {Version})")]
    private partial void LogJoined(SiloAddress silo, long version);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "{Silo} left the cluster")]
    private partial void LogLeft(SiloAddress silo);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Silo} marked its previous incarnation {Previous} dead: the endpoint belongs to the new generation")]
    private partial void LogSuperseded(SiloAddress silo, SiloAddress previous);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "{Silo} suspects {Suspect}: phi {Phi:F1} after {SilenceMs} ms without an answered probe")]
    private partial void LogSuspected(SiloAddress silo, SiloAddress suspect, double phi, long silenceMs);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "{Silo} voted {Suspect} dead ({Votes}/{Required} votes)")]
    private partial void LogVoted(SiloAddress silo, SiloAddress suspect, int votes, int required);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "{Silo} declares {Suspect} dead with {Votes}/{Required} votes from {Voters}")]
    private partial void LogDeclaringDead(SiloAddress silo, SiloAddress suspect, int votes, int required, string voters);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "{Silo} was declared dead by the cluster ({Votes} votes); it must stop")]
    private partial void LogSelfDeclaredDead(SiloAddress silo, int votes);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "{Silo} gave up writing the row of {Target} after {Attempts} conflicting attempts; retrying next round")]
    private partial void LogWriteConflicts(SiloAddress silo, SiloAddress target, int attempts);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "{Silo} publishes membership view {Version} with {ActiveCount} active silos")]
    private partial void LogViewPublished(SiloAddress silo, long version, int activeCount);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "{Silo}: membership round failed; retrying next round")]
    private partial void LogRoundFailed(SiloAddress silo, Exception error);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "{Silo}: probe of {Target} threw")]
    private partial void LogProbeFailed(SiloAddress silo, SiloAddress target, Exception error);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Error, Message = "{Silo}: a handler of membership view {Version} threw")]
    private partial void LogViewHandlerFailed(SiloAddress silo, long version, Exception error);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "{Silo} removed {Count} defunct dead rows")]
    private partial void LogDeadRowsRemoved(SiloAddress silo, int count);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "{Silo} declares {Stale} dead: it stayed {Status} with no heartbeat since {IAmAliveTime:O}")]
    private partial void LogStaleTransitionalDead(SiloAddress silo, SiloAddress stale, SiloStatus status, DateTimeOffset iAmAliveTime);
}
