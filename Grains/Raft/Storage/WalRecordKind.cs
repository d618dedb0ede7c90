namespace OrleansSync.Grains.Raft.Storage;

/// <summary>The kind byte of a WAL record. Zero and unknown values are invalid on read.</summary>
internal enum WalRecordKind : byte
{
    /// <summary>First record of every segment: magic, format version, segment sequence.</summary>
    SegmentHeader = 1,

    /// <summary>One log entry. An entry at or below the last index replaces the suffix from there.</summary>
    Entry = 2,

    /// <summary>A hard state; the latest one wins.</summary>
    HardState = 3,

    /// <summary>A snapshot now covers an index: drop entries up to it (or all entries).</summary>
    SnapshotMarker = 4,

    /// <summary>Last record of every segment but the active one: a shorter earlier segment is then detectably damaged.</summary>
    SegmentSeal = 5,
}
