using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Activation;

internal sealed partial class GrainActivation
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Activated {GrainId}")]
    private static partial void LogActivated(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Activation of {GrainId} failed")]
    private static partial void LogActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Deactivated {GrainId} ({Reason})")]
    private static partial void LogDeactivated(ILogger logger, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} failed ({Reason})")]
    private static partial void LogDeactivationFailed(ILogger logger, Exception exception, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Timer callback of {GrainId} failed")]
    private static partial void LogTimerFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "A turn of {GrainId} faulted outside the request handler")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, GrainId grainId);
}
