namespace OrleansSync.Grains.Queues;

/// <summary>
/// A queue's options, replicated with its create command to every group that hosts a partition of
/// it (never node-local). Defaults follow issue 13; <see cref="Validate"/> bounds every field.
/// </summary>
public sealed record QueueOptions
{
    public const int DefaultPartitions = 8;
    public const int MaxPartitions = 256;
    public const long DefaultVisibilityTimeoutMs = 30_000;
    public const long MaxVisibilityTimeoutMs = 12 * 60 * 60 * 1000L;
    public const int DefaultMaxDeliveries = 5;
    public const int MaxMaxDeliveries = 1_000;
    public const long DefaultRetentionMs = 4 * 24 * 60 * 60 * 1000L;
    public const long MinRetentionMs = 1_000;
    public const long MaxRetentionMs = 14 * 24 * 60 * 60 * 1000L;
    public const int DefaultMaxMessageBytes = 256 * 1024;

    /// <summary>The largest <see cref="MaxMessageBytes"/> a queue may choose (also the codec's bound on a body).</summary>
    public const int MaxMessageBytesLimit = 1024 * 1024;
    public const long DefaultDedupWindowMs = 5 * 60 * 1000L;
    public const long MaxDedupWindowMs = 60 * 60 * 1000L;

    /// <summary>Suffix of the default dead-letter queue name (<c>{name}.dlq</c>).</summary>
    public const string DeadLetterSuffix = ".dlq";

    /// <summary>Number of partitions <c>{queue}/0</c> .. <c>{queue}/{Partitions-1}</c>, 1 to <see cref="MaxPartitions"/>.</summary>
    public int Partitions { get; init; } = DefaultPartitions;

    /// <summary>How long a received message stays hidden unless acked, nacked or extended (ms, 1 to <see cref="MaxVisibilityTimeoutMs"/>).</summary>
    public long VisibilityTimeoutMs { get; init; } = DefaultVisibilityTimeoutMs;

    /// <summary>Deliveries a message may have; when another would exceed it, the message is dead-lettered (1 to <see cref="MaxMaxDeliveries"/>).</summary>
    public int MaxDeliveries { get; init; } = DefaultMaxDeliveries;

    /// <summary>The dead-letter queue's name; null means <c>{name}.dlq</c> (the create command resolves it).</summary>
    public string? DeadLetterQueue { get; init; }

    /// <summary>How long a message is kept after it was sent, in the queue or its dead letters (ms).</summary>
    public long RetentionMs { get; init; } = DefaultRetentionMs;

    /// <summary>Largest body plus attributes of one message (bytes, 1 to <see cref="MaxMessageBytesLimit"/>).</summary>
    public int MaxMessageBytes { get; init; } = DefaultMaxMessageBytes;

    /// <summary>How long a dedup id is remembered after the send that introduced it (ms, 0 to <see cref="MaxDedupWindowMs"/>).</summary>
    public long DedupWindowMs { get; init; } = DefaultDedupWindowMs;

    /// <summary>These options with the default dead-letter name filled in for <paramref name="queue"/>.</summary>
    public QueueOptions Resolve(string queue) => DeadLetterQueue is null ? this with { DeadLetterQueue = queue + DeadLetterSuffix } : this;

    /// <summary>Null if valid, else what is wrong.</summary>
    public string? Validate()
    {
        return Partitions is < 1 or > MaxPartitions ? $"partitions must be 1 to {MaxPartitions}, got {Partitions}"
            : VisibilityTimeoutMs is < 1 or > MaxVisibilityTimeoutMs ? $"visibility timeout must be 1 to {MaxVisibilityTimeoutMs} ms, got {VisibilityTimeoutMs}"
            : MaxDeliveries is < 1 or > MaxMaxDeliveries ? $"max deliveries must be 1 to {MaxMaxDeliveries}, got {MaxDeliveries}"
            : RetentionMs is < MinRetentionMs or > MaxRetentionMs ? $"retention must be {MinRetentionMs} to {MaxRetentionMs} ms, got {RetentionMs}"
            : MaxMessageBytes is < 1 or > MaxMessageBytesLimit ? $"max message bytes must be 1 to {MaxMessageBytesLimit}, got {MaxMessageBytes}"
            : DedupWindowMs is < 0 or > MaxDedupWindowMs ? $"dedup window must be 0 to {MaxDedupWindowMs} ms, got {DedupWindowMs}"
            : DeadLetterQueue is not null && QueueTable.ValidateName(DeadLetterQueue, QueueTable.MaxQueueNameLength + DeadLetterSuffix.Length) is { } problem
                ? "dead-letter queue: " + problem
                : null;
    }
}
