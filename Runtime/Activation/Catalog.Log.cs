using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Activation;

internal sealed partial class Catalog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "{Count} activations did not finish deactivating ({Reason}) in time")]
    private static partial void LogDeactivationSlow(ILogger logger, int count, DeactivationReason reason);
}
