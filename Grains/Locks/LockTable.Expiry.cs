using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>Lease and wait expiry, queue promotion, and the table's invariants.</summary>
public sealed partial class LockTable
{
    private void ExpireDue(List<LockEvent> events, SortedSet<string> touched)
    {
        while (_leaseDeadlines.Count > 0 && _leaseDeadlines.Min.DueMs <= _nowMs)
        {
            RemoveLease(_leases[_leaseDeadlines.Min.LeaseId], expired: true, events, touched);
        }

        while (_waitDeadlines.Count > 0 && _waitDeadlines.Min.DueMs <= _nowMs)
        {
            var waitId = _waitDeadlines.Min.WaitId;
            var state = _locks[_lockOfWait[waitId]];
            var node = state.FindWait(waitId)!;
            RemoveWait(state, node, _leases[node.Value.LeaseId]);
            events.Add(new LockEvent(LockEventKind.WaitTimedOut, state.Name, node.Value.LeaseId, waitId, node.Value.Mode, 0, null));
            touched.Add(state.Name);
        }
    }

    /// <summary>Releases every hold of the lease, removes its waits, and forgets it.</summary>
    private void RemoveLease(Lease lease, bool expired, List<LockEvent> events, SortedSet<string> touched)
    {
        var reason = expired ? "The lease expired." : "The lease was closed.";
        foreach (var (lockName, waitId) in lease.Waits.ToList())
        {
            var state = _locks[lockName];
            var node = state.FindWait(waitId)!;
            RemoveWait(state, node, lease);
            events.Add(new LockEvent(LockEventKind.WaitCancelled, lockName, lease.Id, waitId, node.Value.Mode, 0, reason));
            touched.Add(lockName);
        }

        foreach (var lockName in lease.HeldLocks.ToList())
        {
            RemoveHolding(_locks[lockName], lease);
            touched.Add(lockName);
        }

        _leases.Remove(lease.Id);
        _leaseDeadlines.Remove((lease.ExpiresAtMs, lease.Id));
        if (expired)
        {
            RememberExpired(lease.Id);
            events.Add(new LockEvent(LockEventKind.LeaseExpired, string.Empty, lease.Id, 0, LockMode.Exclusive, 0, reason));
        }
    }

    private void RememberExpired(ulong leaseId)
    {
        if (_recentlyExpired.Count == RecentlyExpiredCapacity)
        {
            _recentlyExpiredSet.Remove(_recentlyExpired.Dequeue());
        }

        _recentlyExpired.Enqueue(leaseId);
        _recentlyExpiredSet.Add(leaseId);
    }

    /// <summary>
    /// Grants queued requests from the front of each touched lock's queue while they fit: a run
    /// of shared requests is granted together; an exclusive request at the front blocks everyone
    /// behind it (no starvation by later shared requests). Idle locks are dropped.
    /// </summary>
    private void PromoteWaiters(SortedSet<string> touched, List<LockEvent> events)
    {
        foreach (var lockName in touched)
        {
            if (!_locks.TryGetValue(lockName, out var state))
            {
                continue;
            }

            while (state.Waiters.First is { } node && CanGrant(state, node.Value))
            {
                var waiter = node.Value;
                var lease = _leases[waiter.LeaseId];
                RemoveWait(state, node, lease);
                var token = waiter.IsUpgrade
                    ? UpgradeForWaiter(state, lease)
                    : Grant(state, lease, waiter.Mode).FencingToken;
                events.Add(new LockEvent(LockEventKind.Granted, lockName, lease.Id, waiter.WaitId, waiter.Mode, token, null));
            }

            if (state.IsIdle)
            {
                _locks.Remove(lockName);
                RememberFreeLock(lockName, state.LastFencingToken);
            }
        }
    }

    private static bool CanGrant(LockState state, Waiter waiter) =>
        waiter.IsUpgrade
            ? state.Holders.Count == 1 && state.Holders.ContainsKey(waiter.LeaseId)
            : state.IsCompatible(waiter.Mode);

    private ulong UpgradeForWaiter(LockState state, Lease lease)
    {
        var holding = state.Holders[lease.Id];
        Upgrade(state, holding);
        return holding.FencingToken;
    }

    /// <summary>Checks, after every command, what must never be false; a violation is a bug, so it throws.</summary>
    private void AssertInvariants(SortedSet<string> touched)
    {
        foreach (var lockName in touched)
        {
            if (!_locks.TryGetValue(lockName, out var state))
            {
                continue;
            }

            var exclusive = state.Holders.Values.Count(h => h.Mode == LockMode.Exclusive);
            Invariant(exclusive == 0 || state.Holders.Count == 1, $"'{lockName}' has an exclusive holder beside others.");
            Invariant(!state.IsIdle, $"'{lockName}' is idle but still tracked.");
            Invariant(
                state.Waiters.First is null || !CanGrant(state, state.Waiters.First.Value),
                $"'{lockName}' has a grantable request at the front of its queue.");
            Invariant(state.Holders.Values.All(h => h.FencingToken <= state.LastFencingToken), $"'{lockName}' has a token above its last.");
        }
    }

    private static void Invariant(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("LockTable invariant violated: " + message);
        }
    }
}
