using System.Collections.Immutable;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;

namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>
/// A mutable working copy of a <see cref="LeaseLockState"/> that replays one command of the lock
/// protocol (docs/protocols/locks.md) and checks the answer the table gave. A command first
/// expires the leases and waits due at its time and grants what that frees; then it runs; then
/// the locks it touched grant from the front of their FIFO queues.
/// </summary>
internal sealed class LeaseLockMachine
{
    private readonly SortedDictionary<ulong, LeaseRecord> _leases;
    private readonly SortedSet<ulong> _expired;
    private readonly SortedDictionary<string, (SortedDictionary<ulong, HolderRecord> Holders, List<WaiterRecord> Waiters)> _locks = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ulong> _floors;
    private readonly SortedSet<string> _touched = new(StringComparer.Ordinal);
    private readonly List<(string Lock, ulong Lease)> _promoted = [];
    private long _timeMs;
    private ulong _lastIndex;
    private ulong _tokens;
    private ulong _tokensAtStart;

    public LeaseLockMachine(LeaseLockState state)
    {
        _timeMs = state.TimeMs;
        _lastIndex = state.LastIndex;
        _tokens = state.TokensIssued;
        _leases = new SortedDictionary<ulong, LeaseRecord>(state.Leases);
        _expired = [.. state.ExpiredLeases];
        _floors = new SortedDictionary<string, ulong>(state.TokenFloors, StringComparer.Ordinal);
        foreach (var (name, record) in state.Locks)
        {
            _locks.Add(name, (new SortedDictionary<ulong, HolderRecord>(record.Holders), [.. record.Waiters]));
        }
    }

    /// <summary>Starts the command at <paramref name="index"/>: table time moves to <paramref name="timeMs"/> and what is due expires.</summary>
    public void Begin(ulong index, long timeMs)
    {
        _lastIndex = index;
        _timeMs = timeMs;
        _tokensAtStart = _tokens;
        foreach (var leaseId in _leases.Where(l => l.Value.ExpiresAtMs <= _timeMs).Select(l => l.Key).ToList())
        {
            RemoveLease(leaseId, expired: true);
        }

        foreach (var (name, state) in _locks)
        {
            if (state.Waiters.RemoveAll(w => w.DeadlineMs <= _timeMs) > 0)
            {
                _touched.Add(name);
            }
        }

        Promote();
    }

    /// <summary>Runs the command and says whether <paramref name="output"/> is what the protocol answers.</summary>
    public bool Apply(LeaseLockInput input, LeaseLockOutput output)
    {
        var ok = input.Kind switch
        {
            LeaseLockOperationKind.OpenLease => OpenLease(input, output),
            LeaseLockOperationKind.KeepAlive => KeepAlive(input, output),
            LeaseLockOperationKind.CloseLease => CloseLease(input, output),
            LeaseLockOperationKind.Acquire => Acquire(input, output),
            LeaseLockOperationKind.Release => Release(input, output),
            LeaseLockOperationKind.CancelWait => CancelWait(input, output),
            LeaseLockOperationKind.Expire => output.Status == LockResultStatus.Ok,
            _ => false,
        };
        Promote();
        return ok;
    }

    /// <summary>Checks a read of one lock against this state and pins the tokens it reveals; null if it does not match.</summary>
    public LeaseLockState? Read(string lockName, LockInfo? seen)
    {
        if (!_locks.TryGetValue(lockName, out var state))
        {
            return seen is null ? Freeze() : null;
        }

        if (seen is null || seen.Holders.Count != state.Holders.Count || seen.LastFencingToken > _tokens)
        {
            return null;
        }

        foreach (var holder in seen.Holders)
        {
            if (!state.Holders.TryGetValue(holder.LeaseId, out var expected) || expected.Mode != holder.Mode || expected.Count != holder.HoldCount
                || holder.FencingToken < expected.TokenMin || holder.FencingToken > expected.TokenMax || holder.FencingToken > seen.LastFencingToken)
            {
                return null;
            }

            state.Holders[holder.LeaseId] = expected with { TokenMin = holder.FencingToken, TokenMax = holder.FencingToken };
        }

        var waitersMatch = seen.Waiters.Count == state.Waiters.Count && seen.Waiters.Zip(state.Waiters).All(pair =>
            pair.First.LeaseId == pair.Second.LeaseId && pair.First.WaitId == pair.Second.WaitId && pair.First.Mode == pair.Second.Mode
            && pair.First.IsUpgrade == pair.Second.IsUpgrade && pair.First.DeadlineMs == pair.Second.DeadlineMs && pair.First.WaitingSinceMs == pair.Second.SinceMs);
        return waitersMatch ? Freeze() : null;
    }

    /// <summary>The state after the command: grants made by queue promotion get their token range closed.</summary>
    public LeaseLockState Freeze()
    {
        foreach (var (name, leaseId) in _promoted)
        {
            if (_locks.TryGetValue(name, out var state) && state.Holders.TryGetValue(leaseId, out var holder) && holder.TokenMin != holder.TokenMax)
            {
                state.Holders[leaseId] = holder with { TokenMax = _tokens };
            }
        }

        var locks = _locks.ToImmutableSortedDictionary(
            pair => pair.Key,
            pair => new LockRecord(pair.Value.Holders.ToImmutableSortedDictionary(), [.. pair.Value.Waiters]),
            StringComparer.Ordinal);
        return new LeaseLockState(
            _timeMs, _lastIndex, _tokens, _leases.ToImmutableSortedDictionary(), [.. _expired], locks, _floors.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    private bool OpenLease(LeaseLockInput input, LeaseLockOutput output)
    {
        _leases.Add(_lastIndex, new LeaseRecord(input.TtlMs, _timeMs + input.TtlMs));
        return output.Status == LockResultStatus.Ok && output.LeaseId == _lastIndex && output.LeaseExpiresAtMs == _timeMs + input.TtlMs;
    }

    private bool KeepAlive(LeaseLockInput input, LeaseLockOutput output)
    {
        if (!_leases.TryGetValue(input.LeaseId, out var lease))
        {
            return IsLeaseFailure(input.LeaseId, output);
        }

        _leases[input.LeaseId] = lease with { ExpiresAtMs = _timeMs + lease.TtlMs };
        return output.Status == LockResultStatus.Ok && output.LeaseExpiresAtMs == _timeMs + lease.TtlMs;
    }

    private bool CloseLease(LeaseLockInput input, LeaseLockOutput output)
    {
        if (!_leases.ContainsKey(input.LeaseId))
        {
            return IsLeaseFailure(input.LeaseId, output);
        }

        RemoveLease(input.LeaseId, expired: false);
        return output.Status == LockResultStatus.Ok;
    }

    private bool Acquire(LeaseLockInput input, LeaseLockOutput output)
    {
        if (!_leases.ContainsKey(input.LeaseId))
        {
            return IsLeaseFailure(input.LeaseId, output);
        }

        var exists = _locks.TryGetValue(input.Lock, out var state);
        if (exists && state.Holders.TryGetValue(input.LeaseId, out var held))
        {
            return AcquireHeld(input, output, state, held);
        }

        if (exists && state.Waiters.Any(w => w.LeaseId == input.LeaseId))
        {
            return IsFailure(output, LockErrorCode.AlreadyWaiting);
        }

        if (!exists)
        {
            state = (new SortedDictionary<ulong, HolderRecord>(), []);
        }

        if (state.Waiters.Count == 0 && IsCompatible(state.Holders, input.Mode))
        {
            _locks[input.Lock] = state;
            _tokens++;
            var token = output.FencingToken;
            state.Holders[input.LeaseId] = new HolderRecord(input.Mode, 1, token, token);
            var floor = _floors.GetValueOrDefault(input.Lock);
            _floors[input.Lock] = token;
            return output.Status == LockResultStatus.Granted && token > floor && token > _tokensAtStart && token <= _tokens;
        }

        if (input.WaitTimeoutMs == 0)
        {
            return output.Status == LockResultStatus.NotGranted;
        }

        _locks[input.Lock] = state;
        state.Waiters.Add(new WaiterRecord(input.LeaseId, _lastIndex, input.Mode, _timeMs + input.WaitTimeoutMs, _timeMs));
        _touched.Add(input.Lock);
        return output.Status == LockResultStatus.Queued && output.WaitId == _lastIndex;
    }

    /// <summary>
    /// An acquire by a lease that holds the lock: reentrant (the same mode, or shared under an
    /// exclusive hold) counts one more hold with the same token; exclusive under a single shared
    /// hold is an upgrade: at once if the lease holds alone (a new token), else a request at the
    /// front of the queue, refused if another holder already upgrades.
    /// </summary>
    private bool AcquireHeld(LeaseLockInput input, LeaseLockOutput output, (SortedDictionary<ulong, HolderRecord> Holders, List<WaiterRecord> Waiters) state, HolderRecord held)
    {
        var token = output.FencingToken;
        if (held.Mode == LockMode.Exclusive || input.Mode == LockMode.Shared)
        {
            state.Holders[input.LeaseId] = held with { Count = held.Count + 1, TokenMin = token, TokenMax = token };
            return output.Status == LockResultStatus.Granted && token >= held.TokenMin && token <= held.TokenMax;
        }

        if (state.Waiters.Any(w => w.LeaseId == input.LeaseId))
        {
            return IsFailure(output, LockErrorCode.AlreadyWaiting);
        }

        if (held.Count > 1)
        {
            return IsFailure(output, LockErrorCode.UpgradeOfReentrantHold);
        }

        if (state.Holders.Count == 1)
        {
            _tokens++;
            state.Holders[input.LeaseId] = held with { Mode = LockMode.Exclusive, TokenMin = token, TokenMax = token };
            var floor = _floors.GetValueOrDefault(input.Lock);
            _floors[input.Lock] = token;
            return output.Status == LockResultStatus.Granted && token > floor && token > _tokensAtStart && token <= _tokens;
        }

        if (state.Waiters.Any(w => w.IsUpgrade))
        {
            return IsFailure(output, LockErrorCode.UpgradeConflict);
        }

        if (input.WaitTimeoutMs == 0)
        {
            return output.Status == LockResultStatus.NotGranted;
        }

        state.Waiters.Insert(0, new WaiterRecord(input.LeaseId, _lastIndex, LockMode.Exclusive, _timeMs + input.WaitTimeoutMs, _timeMs, IsUpgrade: true));
        return output.Status == LockResultStatus.Queued && output.WaitId == _lastIndex;
    }

    private bool Release(LeaseLockInput input, LeaseLockOutput output)
    {
        if (!_leases.ContainsKey(input.LeaseId))
        {
            return IsLeaseFailure(input.LeaseId, output);
        }

        if (!_locks.TryGetValue(input.Lock, out var state) || !state.Holders.TryGetValue(input.LeaseId, out var held))
        {
            return IsFailure(output, LockErrorCode.NotHolder);
        }

        if (held.Count > 1)
        {
            state.Holders[input.LeaseId] = held with { Count = held.Count - 1 };
        }
        else
        {
            // Giving up the last hold also withdraws an upgrade of it that waits.
            state.Holders.Remove(input.LeaseId);
            state.Waiters.RemoveAll(w => w.LeaseId == input.LeaseId);
            _touched.Add(input.Lock);
        }

        return output.Status == LockResultStatus.Ok;
    }

    private bool CancelWait(LeaseLockInput input, LeaseLockOutput output)
    {
        if (!_leases.ContainsKey(input.LeaseId))
        {
            return IsLeaseFailure(input.LeaseId, output);
        }

        var waiter = _locks.TryGetValue(input.Lock, out var state) ? state.Waiters.Find(w => w.LeaseId == input.LeaseId) : null;
        if (waiter is null)
        {
            return IsFailure(output, LockErrorCode.NotWaiting);
        }

        state.Waiters.Remove(waiter);
        _touched.Add(input.Lock);
        return output.Status == LockResultStatus.Ok && output.WaitId == waiter.WaitId;
    }

    private void RemoveLease(ulong leaseId, bool expired)
    {
        _leases.Remove(leaseId);
        if (expired)
        {
            _expired.Add(leaseId);
        }

        foreach (var (name, state) in _locks)
        {
            if (state.Holders.Remove(leaseId) | state.Waiters.RemoveAll(w => w.LeaseId == leaseId) > 0)
            {
                _touched.Add(name);
            }
        }
    }

    /// <summary>Grants each touched lock's queue from the front while the front fits; drops idle locks.</summary>
    private void Promote()
    {
        foreach (var name in _touched)
        {
            if (!_locks.TryGetValue(name, out var state))
            {
                continue;
            }

            while (state.Waiters.Count > 0 && CanGrant(state.Holders, state.Waiters[0]))
            {
                var waiter = state.Waiters[0];
                state.Waiters.RemoveAt(0);
                _tokens++;
                state.Holders[waiter.LeaseId] = waiter.IsUpgrade
                    ? state.Holders[waiter.LeaseId] with { Mode = LockMode.Exclusive, TokenMin = _tokensAtStart + 1, TokenMax = _tokens }
                    : new HolderRecord(waiter.Mode, 1, _tokensAtStart + 1, _tokens);
                _floors[name] = Math.Max(_floors.GetValueOrDefault(name), _tokensAtStart + 1);
                _promoted.Add((name, waiter.LeaseId));
            }

            if (state.Holders.Count == 0 && state.Waiters.Count == 0)
            {
                _locks.Remove(name);
            }
        }

        _touched.Clear();
    }

    /// <summary>An upgrade is granted when its lease holds alone; any other request when it fits beside the holders.</summary>
    private static bool CanGrant(SortedDictionary<ulong, HolderRecord> holders, WaiterRecord waiter) =>
        waiter.IsUpgrade ? holders.Count == 1 && holders.ContainsKey(waiter.LeaseId) : IsCompatible(holders, waiter.Mode);

    private static bool IsCompatible(SortedDictionary<ulong, HolderRecord> holders, LockMode mode) =>
        holders.Count == 0 || (mode == LockMode.Shared && holders.Values.All(h => h.Mode == LockMode.Shared));

    private bool IsLeaseFailure(ulong leaseId, LeaseLockOutput output) =>
        IsFailure(output, _expired.Contains(leaseId) ? LockErrorCode.LeaseExpired : LockErrorCode.UnknownLease);

    private static bool IsFailure(LeaseLockOutput output, LockErrorCode error) => output.Status == LockResultStatus.Failed && output.Error == error;
}
