namespace OrleansSync.Grains.Raft;

/// <summary>Checks <see cref="RaftOptions"/>: each limit on its own, then the relations between them.</summary>
public static class RaftOptionsValidator
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option that breaks a constraint.</summary>
    public static void Validate(RaftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AtLeast(options.HeartbeatIntervalTicks, 1, nameof(RaftOptions.HeartbeatIntervalTicks));
        AtLeast(options.ElectionTimeoutTicks, 2 * options.HeartbeatIntervalTicks, nameof(RaftOptions.ElectionTimeoutTicks), "2 * HeartbeatIntervalTicks");
        AtMost(options.ElectionTimeoutTicks, int.MaxValue / 2, nameof(RaftOptions.ElectionTimeoutTicks), "int.MaxValue / 2");
        AtLeast(options.MaxEntryBytes, LogEntry.HeaderSizeBytes, nameof(RaftOptions.MaxEntryBytes), "LogEntry.HeaderSizeBytes");
        AtLeast(options.MaxAppendBytes, options.MaxEntryBytes, nameof(RaftOptions.MaxAppendBytes), "MaxEntryBytes");
        AtLeast(options.MaxEntriesPerAppend, 1, nameof(RaftOptions.MaxEntriesPerAppend));
        AtLeast(options.MaxInflightAppends, 1, nameof(RaftOptions.MaxInflightAppends));
        AtLeast(options.MaxUncommittedEntries, 1, nameof(RaftOptions.MaxUncommittedEntries));
        AtLeast(options.MaxCommittedBytesPerReady, 1, nameof(RaftOptions.MaxCommittedBytesPerReady));
        AtLeast(options.SnapshotChunkBytes, 1, nameof(RaftOptions.SnapshotChunkBytes));
        AtLeast(options.MaxSnapshotBytes, options.SnapshotChunkBytes, nameof(RaftOptions.MaxSnapshotBytes), "SnapshotChunkBytes");
        AtLeast(options.MaxPendingReadIndexRequests, 1, nameof(RaftOptions.MaxPendingReadIndexRequests));
        AtLeast(options.MaxPromotionLagEntries, 0, nameof(RaftOptions.MaxPromotionLagEntries));
        AtLeast(options.MaxInMemoryLogEntries, options.MaxUncommittedEntries + 1, nameof(RaftOptions.MaxInMemoryLogEntries), "MaxUncommittedEntries + 1");
    }

    private static void AtLeast(int value, int minimum, string name, string? minimumName = null)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"RaftOptions.{name} must be at least {minimumName ?? minimum.ToString(System.Globalization.CultureInfo.InvariantCulture)} ({minimum}); it is {value}.");
        }
    }

    private static void AtMost(int value, int maximum, string name, string maximumName)
    {
        if (value > maximum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"RaftOptions.{name} must be at most {maximumName} ({maximum}); it is {value}.");
        }
    }
}
