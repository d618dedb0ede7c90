namespace OrleansSync.Grains.Raft.Storage;

/// <summary>The content of a snapshot-marker WAL record.</summary>
/// <param name="Index">Index the snapshot covers.</param>
/// <param name="Term">Term of the entry at <paramref name="Index"/>.</param>
/// <param name="KeepSuffix">Entries after the index were kept (the stored entry at the index had the snapshot's term); otherwise every entry was dropped.</param>
internal readonly record struct SnapshotMarker(ulong Index, ulong Term, bool KeepSuffix);
