using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>Acquire, release and the queue operations.</summary>
public sealed partial class LockTable
{
    private LockResult Acquire(ulong index, AcquireCommand acquire, SortedSet<string> touched)
    {
        if (ValidateLockName(acquire.LockName) is { } invalidName)
        {
            return invalidName;
        }

        if (acquire.Mode is not (LockMode.Shared or LockMode.Exclusive) ||
            acquire.WaitTimeoutMs < 0 || acquire.WaitTimeoutMs > _options.MaxWaitTimeoutMs)
        {
            return LockResult.Fail(
                LockErrorCode.InvalidArgument,
                $"Mode must be Shared or Exclusive and the wait timeout within [0, {_options.MaxWaitTimeoutMs}] ms.");
        }

        if (!TryGetLease(acquire.LeaseId, out var lease, out var failure))
        {
            return failure;
        }

        if (lease.HeldLocks.Contains(acquire.LockName))
        {
            return AcquireHeld(index, acquire, lease);
        }

        if (lease.Waits.ContainsKey(acquire.LockName))
        {
            return LockResult.Fail(LockErrorCode.AlreadyWaiting, $"Lease {lease.Id} already waits on '{acquire.LockName}'.", lease.Id);
        }

        if (lease.LockCount >= _options.MaxLocksPerLease)
        {
            return LockResult.Fail(LockErrorCode.CapacityExceeded, $"Lease {lease.Id} already uses {_options.MaxLocksPerLease} locks.", lease.Id);
        }

        if (!_locks.TryGetValue(acquire.LockName, out var state))
        {
            if (_locks.Count >= _options.MaxLocks)
            {
                return LockResult.Fail(LockErrorCode.CapacityExceeded, $"The table already tracks {_options.MaxLocks} locks.", lease.Id);
            }

            state = new LockState(acquire.LockName) { LastFencingToken = TakeFreeLockToken(acquire.LockName) };
            _locks.Add(acquire.LockName, state);
        }

        // FIFO: a request may jump straight in only when nobody queues before it.
        if (state.Waiters.Count == 0 && state.IsCompatible(acquire.Mode))
        {
            var holding = Grant(state, lease, acquire.Mode);
            return Granted(lease.Id, holding.FencingToken);
        }

        touched.Add(state.Name); // an idle lock created above is dropped by the promotion pass
        if (acquire.WaitTimeoutMs == 0)
        {
            return new LockResult { Status = LockResultStatus.NotGranted, LeaseId = lease.Id, Detail = "The lock is busy." };
        }

        if (state.Waiters.Count >= _options.MaxWaitersPerLock)
        {
            return LockResult.Fail(LockErrorCode.TooManyWaiters, $"'{state.Name}' already has {_options.MaxWaitersPerLock} waiters.", lease.Id);
        }

        var waiter = new Waiter(index, lease.Id, acquire.Mode, IsUpgrade: false, _nowMs + acquire.WaitTimeoutMs, _nowMs);
        Enqueue(state, lease, waiter, atFront: false);
        return new LockResult { Status = LockResultStatus.Queued, LeaseId = lease.Id, WaitId = index };
    }

    /// <summary>An acquire by a lease that already holds the lock: reentrant, or an upgrade.</summary>
    private LockResult AcquireHeld(ulong index, AcquireCommand acquire, Lease lease)
    {
        var state = _locks[acquire.LockName];
        var holding = state.Holders[lease.Id];
        if (holding.Mode == LockMode.Exclusive || acquire.Mode == LockMode.Shared)
        {
            if (holding.HoldCount >= _options.MaxReentrancy)
            {
                return LockResult.Fail(LockErrorCode.ReentrancyLimit, $"Lease {lease.Id} holds '{state.Name}' {holding.HoldCount} times.", lease.Id);
            }

            holding.HoldCount++;
            return Granted(lease.Id, holding.FencingToken);
        }

        if (lease.Waits.ContainsKey(state.Name))
        {
            return LockResult.Fail(LockErrorCode.AlreadyWaiting, $"Lease {lease.Id} is already upgrading '{state.Name}'.", lease.Id);
        }

        if (holding.HoldCount > 1)
        {
            return LockResult.Fail(
                LockErrorCode.UpgradeOfReentrantHold,
                $"Lease {lease.Id} holds '{state.Name}' shared {holding.HoldCount} times; release down to one hold to upgrade.",
                lease.Id);
        }

        if (state.Holders.Count == 1)
        {
            Upgrade(state, holding);
            return Granted(lease.Id, holding.FencingToken);
        }

        if (state.Waiters.Any(w => w.IsUpgrade))
        {
            return LockResult.Fail(
                LockErrorCode.UpgradeConflict,
                $"Another shared holder of '{state.Name}' is already upgrading; both upgrades would wait for each other forever.",
                lease.Id);
        }

        if (acquire.WaitTimeoutMs == 0)
        {
            return new LockResult { Status = LockResultStatus.NotGranted, LeaseId = lease.Id, Detail = "Other shared holders remain." };
        }

        // An upgrade goes to the front: queued behind an exclusive request it would wait for a
        // request that waits for its own shared hold.
        var waiter = new Waiter(index, lease.Id, LockMode.Exclusive, IsUpgrade: true, _nowMs + acquire.WaitTimeoutMs, _nowMs);
        Enqueue(state, lease, waiter, atFront: true);
        return new LockResult { Status = LockResultStatus.Queued, LeaseId = lease.Id, WaitId = index };
    }

    private LockResult Release(ReleaseCommand release, List<LockEvent> events, SortedSet<string> touched)
    {
        if (ValidateLockName(release.LockName) is { } invalidName)
        {
            return invalidName;
        }

        if (!TryGetLease(release.LeaseId, out var lease, out var failure))
        {
            return failure;
        }

        if (!lease.HeldLocks.Contains(release.LockName))
        {
            return LockResult.Fail(LockErrorCode.NotHolder, $"Lease {lease.Id} does not hold '{release.LockName}'.", lease.Id);
        }

        var state = _locks[release.LockName];
        var holding = state.Holders[lease.Id];
        holding.HoldCount--;
        if (holding.HoldCount == 0)
        {
            RemoveHolding(state, lease);
            if (lease.Waits.TryGetValue(state.Name, out var upgradeWaitId))
            {
                // The lease gave up the shared hold it wanted to upgrade: the upgrade has nothing left to upgrade.
                RemoveWait(state, state.FindWait(upgradeWaitId)!, lease);
                events.Add(new LockEvent(
                    LockEventKind.WaitCancelled, state.Name, lease.Id, upgradeWaitId, LockMode.Exclusive, 0, "The shared hold being upgraded was released."));
            }

            touched.Add(state.Name);
        }

        return new LockResult { Status = LockResultStatus.Ok, LeaseId = lease.Id };
    }

    private LockResult CancelWait(CancelWaitCommand cancel, SortedSet<string> touched)
    {
        if (!TryGetLease(cancel.LeaseId, out var lease, out var failure))
        {
            return failure;
        }

        if (!lease.Waits.TryGetValue(cancel.LockName, out var waitId))
        {
            return LockResult.Fail(LockErrorCode.NotWaiting, $"Lease {lease.Id} does not wait on '{cancel.LockName}'.", lease.Id);
        }

        var state = _locks[cancel.LockName];
        RemoveWait(state, state.FindWait(waitId)!, lease);
        touched.Add(state.Name);
        return new LockResult { Status = LockResultStatus.Ok, LeaseId = lease.Id, WaitId = waitId };
    }

    private LockResult AbortWait(AbortWaitCommand abort, List<LockEvent> events, SortedSet<string> touched)
    {
        // Only that very wait is aborted: if it ended meanwhile, the abort is stale and does nothing.
        if (!_leases.TryGetValue(abort.LeaseId, out var lease) ||
            !lease.Waits.TryGetValue(abort.LockName, out var waitId) || waitId != abort.WaitId)
        {
            return new LockResult { Status = LockResultStatus.Ok, LeaseId = abort.LeaseId, Detail = "The wait had already ended." };
        }

        var state = _locks[abort.LockName];
        var node = state.FindWait(waitId)!;
        RemoveWait(state, node, lease);
        events.Add(new LockEvent(LockEventKind.WaitAborted, state.Name, lease.Id, waitId, node.Value.Mode, 0, abort.Cycle));
        touched.Add(state.Name);
        return new LockResult { Status = LockResultStatus.Ok, LeaseId = lease.Id, WaitId = waitId };
    }

    private static LockResult Granted(ulong leaseId, ulong token) =>
        new() { Status = LockResultStatus.Granted, LeaseId = leaseId, FencingToken = token };

    private Holding Grant(LockState state, Lease lease, LockMode mode)
    {
        var holding = new Holding(lease.Id, mode, NextFencingToken(state));
        state.Holders.Add(lease.Id, holding);
        lease.HeldLocks.Add(state.Name);
        return holding;
    }

    private void Upgrade(LockState state, Holding holding)
    {
        holding.Mode = LockMode.Exclusive;
        holding.FencingToken = NextFencingToken(state);
    }

    private ulong NextFencingToken(LockState state)
    {
        _lastFencingToken++;
        state.LastFencingToken = _lastFencingToken;
        return _lastFencingToken;
    }

    private void Enqueue(LockState state, Lease lease, Waiter waiter, bool atFront)
    {
        if (atFront)
        {
            state.Waiters.AddFirst(waiter);
        }
        else
        {
            state.Waiters.AddLast(waiter);
        }

        lease.Waits.Add(state.Name, waiter.WaitId);
        _waitDeadlines.Add((waiter.DeadlineMs, waiter.WaitId));
        _lockOfWait.Add(waiter.WaitId, state.Name);
    }

    private void RemoveWait(LockState state, LinkedListNode<Waiter> node, Lease lease)
    {
        state.Waiters.Remove(node);
        lease.Waits.Remove(state.Name);
        _waitDeadlines.Remove((node.Value.DeadlineMs, node.Value.WaitId));
        _lockOfWait.Remove(node.Value.WaitId);
    }

    private static void RemoveHolding(LockState state, Lease lease)
    {
        state.Holders.Remove(lease.Id);
        lease.HeldLocks.Remove(state.Name);
    }
}
