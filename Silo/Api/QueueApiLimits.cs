using OrleansSync.Grains.Queues;

namespace OrleansSync.Silo.Api;

/// <summary>Bounds the HTTP API checks before a request reaches a queue partition's group.</summary>
internal static class QueueApiLimits
{
    /// <summary>Room for a full batch of the largest messages the default options allow, JSON-escaped.</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>A body's nesting: the request object, its messages array, a message, its attributes.</summary>
    public const int MaxJsonDepth = 4;

    public const long MaxWaitMs = QueueTable.MaxWaitMs;

    /// <summary>
    /// Past a long poll's wait, how long a receive may still take before the API gives up with 503:
    /// only a group that is electing a leader or unreachable runs into it.
    /// </summary>
    public const long WaitGraceMs = 5_000;
}
