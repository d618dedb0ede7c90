namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>
/// How each silo's near cache is bounded, how long it waits for its directory, and how the cache's
/// own invalidation stream provider polls (ADR 0033).
/// </summary>
public sealed class CacheHostingOptions
{
    /// <summary>Queues of the invalidation stream provider: each idle queue costs one poll per period, wherever its pulling agent runs.</summary>
    public const int DefaultInvalidationQueueCount = 1;

    /// <summary>
    /// How often an idle pulling agent polls its invalidation queue. Half of it is the mean wait an
    /// invalidation adds to a write with sharers; a non-empty read is followed by another at once.
    /// </summary>
    public const int DefaultInvalidationPollMs = 5;

    /// <summary>Most invalidation queues: past a handful the idle polling only grows.</summary>
    public const int MaxInvalidationQueueCount = 64;

    /// <summary>Longest poll period: a lease is seconds, and an invalidation must arrive well inside it.</summary>
    public const int MaxInvalidationPollMs = 1_000;

    /// <summary>Most lines a silo holds (LRU beyond).</summary>
    public int NearCacheMaxEntries { get; set; } = NearCacheOptions.DefaultMaxEntries;

    /// <summary>Most bytes a silo holds: UTF-8 key + value + 64 per line (LRU beyond).</summary>
    public long NearCacheMaxBytes { get; set; } = NearCacheOptions.DefaultMaxBytes;

    /// <summary>How much before its lease ends, on the silo's own clock, a copy stops being read (ADR 0031).</summary>
    public long DriftAllowanceMs { get; set; } = NearCacheOptions.DefaultDriftAllowanceMs;

    /// <summary>The directory's lease (it is the directory's default; renewals start in its second half).</summary>
    public long LeaseMs { get; set; } = CacheDirectoryOptions.DefaultLeaseMs;

    /// <summary>
    /// How long one get, put or delete may take, across leader changes and a dead holder's lease,
    /// before it fails as <c>Unavailable</c>. Below Orleans' 30 s grain call timeout.
    /// </summary>
    public int RequestTimeoutMs { get; set; } = 20_000;

    /// <summary>Longest single long-poll on the leader for a waiting fill or write.</summary>
    public int NotificationWaitMs { get; set; } = 2_000;

    /// <summary>Queues of the memory stream provider <c>CacheStreamNames.Provider</c> that carries invalidations.</summary>
    public int InvalidationQueueCount { get; set; } = DefaultInvalidationQueueCount;

    /// <summary>Poll period of that provider's pulling agents, in milliseconds.</summary>
    public int InvalidationPollMs { get; set; } = DefaultInvalidationPollMs;

    public void Validate()
    {
        new NearCacheOptions { MaxEntries = NearCacheMaxEntries, MaxBytes = NearCacheMaxBytes, DriftAllowanceMs = DriftAllowanceMs }.Validate();
        if (DriftAllowanceMs >= LeaseMs)
        {
            throw new ArgumentOutOfRangeException(nameof(DriftAllowanceMs), DriftAllowanceMs, $"must be below the lease ({LeaseMs} ms).");
        }

        if (RequestTimeoutMs is < 100 or > 25_000)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeoutMs), RequestTimeoutMs, "must be in [100, 25000] ms.");
        }

        if (NotificationWaitMs < 1 || NotificationWaitMs > RequestTimeoutMs)
        {
            throw new ArgumentOutOfRangeException(nameof(NotificationWaitMs), NotificationWaitMs, "must be in [1, RequestTimeoutMs] ms.");
        }

        if (InvalidationQueueCount is < 1 or > MaxInvalidationQueueCount)
        {
            throw new ArgumentOutOfRangeException(nameof(InvalidationQueueCount), InvalidationQueueCount, $"must be in [1, {MaxInvalidationQueueCount}].");
        }

        if (InvalidationPollMs is < 1 or > MaxInvalidationPollMs)
        {
            throw new ArgumentOutOfRangeException(nameof(InvalidationPollMs), InvalidationPollMs, $"must be in [1, {MaxInvalidationPollMs}] ms.");
        }
    }
}
