namespace OrleansSync.Grains.Raft;

/// <summary>Log compaction, and streaming snapshots to followers in chunks.</summary>
public sealed partial class RaftNode
{
    /// <summary>
    /// The host snapshotted its state machine after applying <paramref name="index"/>: the node drops
    /// its entries up to there and keeps the snapshot to catch up lagging followers. Returns the
    /// snapshot (with the term and configuration at <paramref name="index"/>), which the host saves
    /// with <see cref="IRaftLogStore.SaveSnapshot"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not applied yet, or not past the current snapshot, or the data exceeds <see cref="RaftOptions.MaxSnapshotBytes"/>.</exception>
    public RaftSnapshot CompactLog(ulong index, ReadOnlyMemory<byte> stateMachineData)
    {
        if (index <= _log.SnapshotIndex || index > _log.Applied || index > _log.Stable)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Compaction index must be above the snapshot index {_log.SnapshotIndex} and at most the applied index {_log.Applied} and persisted index {_log.Stable}.");
        }

        if (stateMachineData.Length > _options.MaxSnapshotBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(stateMachineData), stateMachineData.Length, $"Snapshot exceeds RaftOptions.MaxSnapshotBytes ({_options.MaxSnapshotBytes}).");
        }

        var term = _log.TermAt(index) ?? throw new RaftInvariantViolationException($"applied entry {index} is in memory");
        var snapshot = new RaftSnapshot(index, term, FindConfiguration(index).Configuration, stateMachineData);
        _log.CompactTo(index, term);
        _snapshot = snapshot;
        _log.AssertInvariants();
        return snapshot;
    }

    private void StartSnapshotTransfer(ulong peer, Progress progress)
    {
        RaftAssert.That(_snapshot is not null && _snapshot.Index == _log.SnapshotIndex, "a compacted log has its snapshot in memory");
        progress.BecomeSnapshot(_snapshot!);
        SendSnapshotChunk(peer, progress);
    }

    private void SendSnapshotChunk(ulong peer, Progress progress)
    {
        var snapshot = progress.Snapshot ?? throw new RaftInvariantViolationException("a follower in Snapshot state has a snapshot to stream");
        var offset = Math.Min(progress.SnapshotOffset, snapshot.Data.Length);
        var length = Math.Min(_options.SnapshotChunkBytes, snapshot.Data.Length - offset);
        Send(new InstallSnapshot(Id, peer, _term, snapshot.Index, snapshot.Term, snapshot.Configuration, snapshot.Data.Length, offset, snapshot.Data.Slice(offset, length)));
    }

    /// <summary>On a heartbeat response: resend the unacknowledged chunk unless the transfer moved since the last one.</summary>
    private void RetransmitSnapshotChunk(ulong peer, Progress progress)
    {
        if (progress.SnapshotAdvancedSinceHeartbeat)
        {
            progress.SnapshotAdvancedSinceHeartbeat = false;
            return;
        }

        SendSnapshotChunk(peer, progress);
    }

    private void HandleSnapshotResponse(InstallSnapshotResponse response)
    {
        if (!_progress.TryGetValue(response.From, out var progress) ||
            progress.State != ProgressState.Snapshot ||
            progress.SnapshotIndex != response.SnapshotIndex ||
            progress.SnapshotTerm != response.SnapshotTerm)
        {
            return;
        }

        progress.RecentActive = true;
        if (response.NextOffset == progress.SnapshotOffset)
        {
            // A duplicate acknowledgement: the heartbeat path retransmits if the chunk is really lost.
            return;
        }

        progress.SnapshotOffset = response.NextOffset;
        progress.SnapshotAdvancedSinceHeartbeat = true;
        SendSnapshotChunk(response.From, progress);
    }

    private void HandleSnapshotChunk(InstallSnapshot chunk)
    {
        if (chunk.SnapshotIndex <= _log.Committed)
        {
            // Already have it (or better): tell the leader how far our log matches.
            _snapshotReceiver = null;
            Send(new AppendEntriesResponse(Id, chunk.From, _term, true, _log.Committed, 0, 0, 0));
            return;
        }

        if (_snapshotReceiver is null || !_snapshotReceiver.IsFor(chunk))
        {
            _snapshotReceiver = SnapshotReceiver.Start(chunk, _options.MaxSnapshotBytes);
        }

        if (_snapshotReceiver is null)
        {
            // A middle chunk of a snapshot we are not receiving: ask for the start. A first chunk
            // we cannot take (too large) is dropped; the leader retries once per heartbeat.
            if (chunk.Offset != 0)
            {
                Send(new InstallSnapshotResponse(Id, chunk.From, _term, chunk.SnapshotIndex, chunk.SnapshotTerm, 0));
            }

            return;
        }

        _snapshotReceiver.Accept(chunk);
        if (!_snapshotReceiver.IsComplete)
        {
            Send(new InstallSnapshotResponse(Id, chunk.From, _term, chunk.SnapshotIndex, chunk.SnapshotTerm, _snapshotReceiver.ReceivedBytes));
            return;
        }

        var snapshot = _snapshotReceiver.ToSnapshot();
        _snapshotReceiver = null;
        InstallReceivedSnapshot(snapshot);
        Send(new AppendEntriesResponse(Id, chunk.From, _term, true, snapshot.Index, 0, 0, 0));
    }

    private void InstallReceivedSnapshot(RaftSnapshot snapshot)
    {
        if (_log.MatchTerm(snapshot.Index, snapshot.Term))
        {
            // Our log already holds the snapshot's last entry: keep the log, just learn the commit.
            _log.CommitTo(snapshot.Index);
            return;
        }

        _log.RestoreSnapshot(snapshot.Index, snapshot.Term);
        _snapshot = snapshot;
        _pendingSnapshot = snapshot;
        _configuration = snapshot.Configuration;
        _configurationIndex = snapshot.Index;
    }
}
