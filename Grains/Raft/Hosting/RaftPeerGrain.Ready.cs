using System.Buffers.Binary;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.Wire;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>The Ready loop: persist, sync, send, apply, answer, advance.</summary>
public sealed partial class RaftPeerGrain
{
    /// <summary>Bounds one turn's work; what remains is picked up by the next tick.</summary>
    private const int MaxReadyBatchesPerTurn = 64;

    private void ProcessReady()
    {
        for (var batch = 0; batch < MaxReadyBatchesPerTurn && !_removed && Node.HasReady; batch++)
        {
            var ready = Node.GetReady();
            Persist(ready);
            Send(ready.Messages);
            if (ready.Snapshot is { } snapshot)
            {
                _stateMachine!.Restore(snapshot.Data);
                OnConfigurationCommitted(snapshot.Configuration);
            }

            foreach (var entry in ready.CommittedEntries)
            {
                Apply(entry);
            }

            PublishOutcomes();
            NotifyApplyObserver();
            if (_removed)
            {
                return; // This replica's own removal committed: it stopped (see BecomeRemoved).
            }

            foreach (var readState in ready.ReadStates)
            {
                ConfirmRead(readState);
            }

            if (ready.SoftState is { } soft && soft.Role != RaftRole.Leader)
            {
                // A deposed leader's proposals may still commit under the new leader, or may not.
                FailProposals(RaftCallStatus.Unknown, "Leadership changed before the proposal was applied.");
            }

            Node.Advance(ready);
            AnswerConfirmedReads();
            CompactIfDue();
        }
    }

    /// <summary>Snapshots the state machine and drops the applied log once it is long enough (bounds memory and disk).</summary>
    private void CompactIfDue()
    {
        if (Node.AppliedIndex - Node.SnapshotIndex < (ulong)_options.CompactionThresholdEntries)
        {
            return;
        }

        _store!.SaveSnapshot(Node.CompactLog(Node.AppliedIndex, _stateMachine!.Snapshot()));
        _store.Sync();
    }

    private void Persist(Ready ready)
    {
        var store = _store!;
        if (ready.Snapshot is { } snapshot)
        {
            store.SaveSnapshot(snapshot);
        }

        if (ready.Entries.Count > 0)
        {
            store.Append(ready.Entries);
        }

        if (ready.HardState is { } hardState)
        {
            store.SaveHardState(hardState);
        }

        if (ready.MustSync)
        {
            store.Sync();
        }
    }

    private void Apply(LogEntry entry)
    {
        if (entry.Kind == LogEntryKind.Configuration && !_removed)
        {
            OnConfigurationCommitted(ClusterConfigurationCodec.Decode(entry.Data.Span));
        }

        if (entry.Kind != LogEntryKind.Command)
        {
            return;
        }

        var result = _stateMachine!.Apply(entry.Index, entry.Data).ToArray();
        if (_proposals.Remove(entry.Index, out var pending))
        {
            pending.Completion.TrySetResult(pending.Term == entry.Term
                ? Outcome(RaftCallStatus.Ok, result, null)
                : Outcome(RaftCallStatus.Unknown, null, "Another leader's entry took the proposal's place in the log."));
        }
    }

    private void ConfirmRead(ReadState readState)
    {
        var readId = BinaryPrimitives.ReadUInt64LittleEndian(readState.Context.Span);
        if (_reads.Remove(readId, out var pending))
        {
            _confirmedReads.Add((readState.Index, pending));
        }
    }

    private void AnswerConfirmedReads()
    {
        for (var i = _confirmedReads.Count - 1; i >= 0; i--)
        {
            var (index, read) = _confirmedReads[i];
            if (Node.AppliedIndex < index)
            {
                continue;
            }

            _confirmedReads.RemoveAt(i);
            try
            {
                read.Completion.TrySetResult(Outcome(RaftCallStatus.Ok, _stateMachine!.Query(read.Query).ToArray(), null));
            }
            catch (StateMachines.CommandFormatException exception)
            {
                read.Completion.TrySetResult(Outcome(RaftCallStatus.Rejected, null, exception.Message));
            }
        }
    }

    private void Send(IReadOnlyList<RaftMessage> messages)
    {
        foreach (var group in messages.GroupBy(m => m.To))
        {
            var destination = group.Key;
            var inflight = _inflightSends.GetValueOrDefault(destination);
            if (inflight >= _options.MaxInflightSendsPerPeer)
            {
                LogSendDropped(_key.ToString(), destination, inflight);
                continue;
            }

            _inflightSends[destination] = inflight + 1;
            var peer = GrainFactory.GetGrain<IRaftPeerGrain>(RaftPeerKey.FromNodeId(_key.Group, destination).ToString());
            _ = SendAsync(peer, destination, RaftMessageCodec.EncodeBatch([.. group]));
        }
    }

    /// <summary>Observes one send; the count is decremented on this grain's turn after the await.</summary>
    private async Task SendAsync(IRaftPeerGrain peer, ulong destination, byte[] batch)
    {
        try
        {
            var result = await peer.Deliver(batch, _localSilo.SiloAddress);
            if (result != RaftDeliveryResult.Accepted && !_removed)
            {
                MarkInert(destination, result);
            }
        }
        catch (Exception exception)
        {
            // Losing a batch is normal for Raft (the peer may be down); it is resent after a timeout.
            LogSendFailed(_key.ToString(), destination, exception.GetType().Name, exception.Message);
        }
        finally
        {
            _inflightSends[destination] = Math.Max(0, _inflightSends.GetValueOrDefault(destination) - 1);
        }
    }

    private void FailProposals(RaftCallStatus status, string detail)
    {
        foreach (var pending in _proposals.Values)
        {
            pending.Completion.TrySetResult(Outcome(status, null, detail));
        }

        _proposals.Clear();
    }

    private void FailAllWaiters(RaftCallStatus status, string detail)
    {
        FailProposals(status, detail);
        foreach (var read in _reads.Values.Concat(_confirmedReads.Select(c => c.Read)))
        {
            read.Completion.TrySetResult(Outcome(status, null, detail));
        }

        _reads.Clear();
        _confirmedReads.Clear();
    }
}
