namespace OrleansSync.Grains.Raft.Storage;

/// <summary>What <see cref="WalReplay"/> rebuilt.</summary>
/// <param name="Image">The recovered content.</param>
/// <param name="MissingSnapshotMarker">A marker the WAL must be given because the snapshot file is newer than the WAL; null if none.</param>
internal sealed record WalReplayResult(RaftLogImage Image, SnapshotMarker? MissingSnapshotMarker);
