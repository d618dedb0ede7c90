using OrleansSync.Grains.Cache;

namespace OrleansSync.Simulation.Workloads.Cache;

/// <summary>A request a silo sent to the directory and still awaits (retried until answered, unless fire-and-forget).</summary>
internal sealed class CacheOutstandingRequest(CacheCommand command, long sentTick, ulong? nearCacheRequestId, CacheClientState? client)
{
    public CacheCommand Command { get; } = command;

    public long SentTick { get; set; } = sentTick;

    public ulong? NearCacheRequestId { get; } = nearCacheRequestId;

    /// <summary>The client whose operation this is (null for renewals).</summary>
    public CacheClientState? Client { get; } = client;
}
