using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Liveness;

internal sealed partial class LivenessAgent
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Silo {Silo} was declared dead by the cluster and stops serving")]
    private static partial void LogDeclaredDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Silo {Voter} declared {Suspect} dead after {Missed} missed probes")]
    private static partial void LogDeclaredOtherDead(ILogger logger, SiloAddress voter, SiloAddress suspect, int missed);
}
