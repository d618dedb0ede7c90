namespace OrleansSync.Grains.Raft;

/// <summary>The host loop: <see cref="HasReady"/>, <see cref="GetReady"/>, <see cref="Advance"/>.</summary>
public sealed partial class RaftNode
{
    /// <summary>There is work for the host and no Ready is outstanding.</summary>
    public bool HasReady =>
        _outstandingReady is null &&
        (_messages.Count > 0 ||
         _readStates.Count > 0 ||
         _pendingSnapshot is not null ||
         _appendBroadcastPending ||
         _readRoundPending ||
         _log.Stable < _log.LastIndex ||
         _log.Applied < _log.Committed ||
         CurrentHardState != _lastReadyHardState ||
         CurrentSoftState != _lastReadySoftState);

    /// <summary>
    /// Collects the work accumulated since the last batch. The host must act on it in the order the
    /// <see cref="Ready"/> documents (persist and sync before sending) and then call <see cref="Advance"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The previous Ready was not advanced yet.</exception>
    public Ready GetReady()
    {
        if (_outstandingReady is not null)
        {
            throw new InvalidOperationException("Call Advance with the previous Ready before asking for the next one.");
        }

        // Batching: every entry proposed and every read registered since the last batch goes out together.
        if (_appendBroadcastPending && _role == RaftRole.Leader)
        {
            SendPendingEntriesToAll();
        }

        StartReadRound();
        var hardState = CurrentHardState;
        var softState = CurrentSoftState;
        var ready = new Ready(
            softState != _lastReadySoftState ? softState : null,
            hardState != _lastReadyHardState ? hardState : null,
            _log.UnstableEntries(),
            _pendingSnapshot,
            _log.EntriesToApply(_options.MaxCommittedBytesPerReady),
            _messages,
            _readStates,
            MustSync(hardState));
        _messages = [];
        _readStates = [];
        _lastReadyHardState = hardState;
        _lastReadySoftState = softState;
        _outstandingReady = ready;
        return ready;
    }

    private bool MustSync(HardState hardState) =>
        hardState.Term != _lastReadyHardState.Term ||
        hardState.VotedFor != _lastReadyHardState.VotedFor ||
        _log.Stable < _log.LastIndex ||
        _pendingSnapshot is not null;

    /// <summary>The host has persisted, sent and applied everything in <paramref name="ready"/>.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="ready"/> is not the outstanding Ready.</exception>
    public void Advance(Ready ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        if (!ReferenceEquals(ready, _outstandingReady))
        {
            throw new InvalidOperationException("Advance must be called with the Ready returned by the last GetReady.");
        }

        _outstandingReady = null;
        if (ready.Entries.Count > 0)
        {
            _log.StableTo(ready.Entries[^1].Index, ready.Entries[^1].Term);
        }

        if (ready.CommittedEntries.Count > 0)
        {
            _log.AppliedTo(ready.CommittedEntries[^1].Index);
        }

        if (ready.Snapshot is not null && ReferenceEquals(ready.Snapshot, _pendingSnapshot))
        {
            _pendingSnapshot = null;
        }

        _log.AssertInvariants();
    }
}
