using System.Buffers.Binary;
using System.Diagnostics;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.Wire;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// The Ready loop: persist, sync, send, apply, answer, advance. The fsync runs off the turn
/// (<see cref="RaftWalSyncer"/>): while it runs, the peer keeps stepping messages and taking
/// proposals (the core allows that while a Ready is outstanding), and the next Ready carries all
/// of them, so one fsync covers every command that arrived during the previous one (group commit).
/// </summary>
/// <remarks>
/// A leader sends its appends before its own fsync, in parallel with it (Raft thesis §10.2.1):
/// it may count itself towards a commit before its write is durable, but nothing learns of that
/// commit before the fsync ends, because every later message and every apply waits for it. So an
/// answer still means a majority synced the command. Every other message (acknowledgements, votes)
/// promises durable state and leaves only after the fsync.
/// </remarks>
public sealed partial class RaftPeerGrain
{
    /// <summary>Bounds one turn's work; what remains is picked up by the next tick.</summary>
    private const int MaxReadyBatchesPerTurn = 64;

    /// <summary>The fsync in flight, if any: while it runs, only the Ready loop may touch the store.</summary>
    private Task? _syncInFlight;

    /// <summary>A removal notice that arrived while an fsync was in flight; applied once it ends.</summary>
    private int[]? _removalAfterSync;

    private void ProcessReady()
    {
        if (_syncInFlight is not null)
        {
            return; // The loop resumes after the fsync and takes everything that is new by then.
        }

        for (var batch = 0; batch < MaxReadyBatchesPerTurn && !_removed && Node.HasReady; batch++)
        {
            var turnStarted = Stopwatch.GetTimestamp();
            var ready = Node.GetReady();
            RaftHostingMetrics.Readies.Add(1);
            Persist(ready);
            if (ready.MustSync)
            {
                var early = Node.Role == RaftRole.Leader ? ready.Messages.Where(IsLeaderAppend).ToList() : [];
                Send(early);
                var sync = _walSyncer.SyncAsync(_store!);
                _syncInFlight = sync; // before the continuation below, which may run at once if the sync is done already
                _ = FinishAfterSyncAsync(sync, ready, early.Count == 0 ? ready.Messages : [.. ready.Messages.Where(m => !IsLeaderAppend(m))]);
                RaftHostingMetrics.ReadyTurnMs.Record(Stopwatch.GetElapsedTime(turnStarted).TotalMilliseconds);
                return;
            }

            Finish(ready, ready.Messages);
            RaftHostingMetrics.ReadyTurnMs.Record(Stopwatch.GetElapsedTime(turnStarted).TotalMilliseconds);
        }
    }

    /// <summary>
    /// Waits for the fsync off the turn, then finishes the Ready on the grain's scheduler and goes on
    /// with the loop. Nobody awaits this task, so it handles its own failures: it stops the activation.
    /// </summary>
    private async Task FinishAfterSyncAsync(Task sync, Ready ready, IReadOnlyList<RaftMessage> messages)
    {
        try
        {
            await sync;
            _syncInFlight = null;
            if (_removed || _stopped)
            {
                return;
            }

            if (_removalAfterSync is { } members)
            {
                _removalAfterSync = null;
                BecomeRemoved(members);
                return;
            }

            var turnStarted = Stopwatch.GetTimestamp();
            Finish(ready, messages);
            RaftHostingMetrics.ReadyTurnMs.Record(Stopwatch.GetElapsedTime(turnStarted).TotalMilliseconds);
            ProcessReady();
        }
        catch (Exception exception)
        {
            // A failed sync leaves what reached the disk unknown (the store refuses further use), and
            // a failure after it leaves the node between two batches: stop this activation either
            // way; a new one replays the log from disk.
            _syncInFlight = null;
            LogReadyFailed(_key.ToString(), exception.GetType().Name, exception.Message);
            FailAllWaiters(RaftCallStatus.Unknown, "The replica stopped after a failure in its Ready loop.");
            _stopped = true;
            DeactivateOnIdle();
        }
    }

    /// <summary>A leader's replication message: safe to send before its own fsync (see the remarks above).</summary>
    private static bool IsLeaderAppend(RaftMessage message) => message is AppendEntries or Heartbeat;

    /// <summary>The part of a Ready after its persistence is durable: send, apply, answer, advance.</summary>
    private void Finish(Ready ready, IReadOnlyList<RaftMessage> messages)
    {
        Send(messages);
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

    /// <summary>Buffers what the Ready must persist; <see cref="FinishAfterSyncAsync"/> makes it durable when it must sync.</summary>
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
            RaftHostingMetrics.WalEntries.Add(ready.Entries.Count);
        }

        if (ready.HardState is { } hardState)
        {
            store.SaveHardState(hardState);
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
            if (pending.Term == entry.Term)
            {
                _proposalsCommitted++;
                _commitLatencyMsTotal += Stopwatch.GetElapsedTime(pending.ArrivedTimestamp).TotalMilliseconds;
            }

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
            RaftHostingMetrics.PeerCalls.Add(1);
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
