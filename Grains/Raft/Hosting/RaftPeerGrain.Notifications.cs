using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// Outcome notifications: a caller whose command started something (a queued lock request) waits
/// on the leader with <see cref="WaitForOutcome"/>; the wait completes as soon as the entry that
/// ends it is applied here. Every replica drains its state machine's notifications after each
/// applied batch and remembers the most recent ones, so a caller that asks just after the outcome
/// (or a new leader) still gets it. Anything unclear answers <see cref="RaftCallStatus.Unknown"/>
/// and the caller reads the state linearizably: notifications only make waiting fast, never decide it.
/// </summary>
public sealed partial class RaftPeerGrain
{
    /// <summary>Callers waiting at once per peer; more get <see cref="RaftCallStatus.Overloaded"/>.</summary>
    internal const int MaxOutcomeWaits = 4_096;

    /// <summary>Most recent outcomes remembered for callers that ask after the fact.</summary>
    internal const int RecentOutcomeCapacity = 4_096;

    /// <summary>
    /// Longest single wait; a caller that needs longer asks again. Below Orleans' default
    /// <c>MessagingOptions.ResponseTimeout</c> (30 s), so a full-length wait ends as
    /// <see cref="RaftCallStatus.Unknown"/>, never as a call timeout.
    /// </summary>
    internal const int MaxOutcomeWaitMs = 25_000;

    private readonly Dictionary<ulong, List<TaskCompletionSource<byte[]?>>> _outcomeWaits = [];
    private readonly Dictionary<ulong, byte[]> _recentOutcomes = [];
    private readonly Queue<ulong> _recentOutcomeOrder = new();
    private int _outcomeWaitCount;

    public async Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs, CancellationToken cancellationToken = default)
    {
        if (_removed || _lost)
        {
            return RemovedOutcome(); // A removed peer has no node; the caller follows the replica ids it names.
        }

        if (InnerStateMachine is not INotifyingStateMachine notifying)
        {
            return Outcome(RaftCallStatus.Rejected, null, "This group's state machine sends no notifications.");
        }

        if (Node.Role != RaftRole.Leader)
        {
            return new RaftCallOutcome(RaftCallStatus.NotLeader, null, LeaderReplica(), $"Replica {_key.Replica} is not the leader.");
        }

        if (_recentOutcomes.TryGetValue(key, out var known))
        {
            return Outcome(RaftCallStatus.Ok, known, null);
        }

        if (!notifying.MayNotify(key))
        {
            return Outcome(RaftCallStatus.Unknown, null, $"No outcome of {key} is known here any more; read the state.");
        }

        if (_outcomeWaitCount >= MaxOutcomeWaits)
        {
            return Outcome(RaftCallStatus.Overloaded, null, $"{MaxOutcomeWaits} callers already wait for outcomes.");
        }

        var completion = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        AddOutcomeWait(key, completion);
        try
        {
            var outcome = await completion.Task.WaitAsync(TimeSpan.FromMilliseconds(Math.Clamp(timeoutMs, 0, MaxOutcomeWaitMs)), _timeProvider, cancellationToken);
            return outcome is null
                ? Outcome(RaftCallStatus.Unknown, null, "Leadership changed while waiting; read the state.")
                : Outcome(RaftCallStatus.Ok, outcome, null);
        }
        catch (TimeoutException)
        {
            RemoveOutcomeWait(key, completion);
            return Outcome(RaftCallStatus.Unknown, null, $"No outcome within {timeoutMs} ms; still pending, or read the state.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up (its own deadline, or it went away): its place is free for others.
            RemoveOutcomeWait(key, completion);
            throw;
        }
    }

    /// <summary>
    /// Called by the Ready loop after applying a batch: remembers and delivers the new outcomes; a
    /// peer that is no longer leader releases its waiters (it may stop hearing of commits).
    /// </summary>
    private void PublishOutcomes()
    {
        if (InnerStateMachine is not INotifyingStateMachine notifying)
        {
            return;
        }

        foreach (var notification in notifying.TakeNotifications())
        {
            Remember(notification);
            if (_outcomeWaits.Remove(notification.Key, out var waiters))
            {
                _outcomeWaitCount -= waiters.Count;
                waiters.ForEach(w => w.TrySetResult(notification.Payload));
            }
        }

        if (_outcomeWaitCount > 0 && Node.Role != RaftRole.Leader)
        {
            foreach (var waiter in _outcomeWaits.Values.SelectMany(w => w))
            {
                waiter.TrySetResult(null);
            }

            _outcomeWaits.Clear();
            _outcomeWaitCount = 0;
        }
    }

    private void Remember(StateMachineNotification notification)
    {
        if (_recentOutcomes.ContainsKey(notification.Key))
        {
            return;
        }

        if (_recentOutcomeOrder.Count == RecentOutcomeCapacity)
        {
            _recentOutcomes.Remove(_recentOutcomeOrder.Dequeue());
        }

        _recentOutcomeOrder.Enqueue(notification.Key);
        _recentOutcomes.Add(notification.Key, notification.Payload);
    }

    private void AddOutcomeWait(ulong key, TaskCompletionSource<byte[]?> completion)
    {
        if (!_outcomeWaits.TryGetValue(key, out var waiters))
        {
            waiters = [];
            _outcomeWaits.Add(key, waiters);
        }

        waiters.Add(completion);
        _outcomeWaitCount++;
    }

    private void RemoveOutcomeWait(ulong key, TaskCompletionSource<byte[]?> completion)
    {
        if (_outcomeWaits.TryGetValue(key, out var waiters) && waiters.Remove(completion))
        {
            _outcomeWaitCount--;
            if (waiters.Count == 0)
            {
                _outcomeWaits.Remove(key);
            }
        }
    }
}
