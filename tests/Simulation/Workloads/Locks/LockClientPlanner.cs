using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

namespace OrleansSync.Simulation.Workloads.Locks;

/// <summary>
/// One lock client's behaviour: it opens a lease (short TTL), keeps it alive — or, for some
/// leases, deliberately does not, so they expire under it — acquires locks exclusive or shared
/// (try-locks and waits with a timeout), polls a queued request with reads until it is granted or
/// gone, acquires again what it holds (reentrant holds, counted, and upgrades from shared to
/// exclusive), cancels waits, releases, closes leases, and now and then proposes an expire
/// command (what the leader proposes when a deadline passes without traffic). It learns only
/// from answers, never from the replicas.
/// </summary>
internal sealed class LockClientPlanner(int clientId, Random random, IReadOnlyList<string> lockNames)
{
    public const long MinTtlMs = 300;
    public const long MaxTtlMs = 1_500;
    private const long MinWaitMs = 50;
    private const long MaxWaitMs = 500;

    /// <summary>Share of leases the client keeps alive; the rest are left to expire.</summary>
    private const double KeepAliveShare = 0.75;

    private readonly Dictionary<string, LockKnowledge> _locks = new(StringComparer.Ordinal);

    /// <summary>For each held lock: the mode and how many holds the lease has.</summary>
    private readonly Dictionary<string, (LockMode Mode, int Count)> _holds = new(StringComparer.Ordinal);
    private ulong _leaseId;
    private long _ttlMs;
    private long _renewedAtTick;
    private bool _keepsAlive;

    private string Owner => "client" + clientId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public LeaseLockInput Next(long nowTick, int tickMs)
    {
        if (_leaseId == 0)
        {
            _ttlMs = random.NextInt64(MinTtlMs / 10, (MaxTtlMs / 10) + 1) * 10;
            return LeaseLockInput.OpenLease(Owner, _ttlMs);
        }

        if (_locks.FirstOrDefault(l => l.Value == LockKnowledge.Unknown).Key is { } unknown)
        {
            return LeaseLockInput.Read(unknown);
        }

        if (_keepsAlive && (nowTick - _renewedAtTick) * tickMs >= _ttlMs / 3)
        {
            return LeaseLockInput.KeepAlive(_leaseId);
        }

        var waiting = _locks.FirstOrDefault(l => l.Value == LockKnowledge.Waiting).Key;
        if (waiting is not null && random.Next(10) < 8)
        {
            return random.Next(8) == 0 ? LeaseLockInput.CancelWait(waiting, _leaseId) : LeaseLockInput.Read(waiting);
        }

        var free = lockNames.Where(l => !_locks.ContainsKey(l)).ToList();
        var held = _locks.Where(l => l.Value == LockKnowledge.Held).Select(l => l.Key).ToList();
        return random.Next(100) switch
        {
            < 8 when held.Count > 0 => Reacquire(held[random.Next(held.Count)]),
            < 40 when free.Count > 0 && waiting is null => Acquire(free[random.Next(free.Count)]),
            < 65 when held.Count > 0 => LeaseLockInput.Release(held[random.Next(held.Count)], _leaseId),
            < 91 => LeaseLockInput.Read(lockNames[random.Next(lockNames.Count)]),
            < 92 => LeaseLockInput.Expire(), // rare: leaders propose expiry themselves; this keeps the client-sent command covered
            < 96 => LeaseLockInput.CloseLease(_leaseId),
            _ => LeaseLockInput.KeepAlive(_leaseId),
        };
    }

    public void Answered(LeaseLockInput input, LeaseLockOutput output, long nowTick)
    {
        if (input.Kind == LeaseLockOperationKind.OpenLease)
        {
            _leaseId = output.LeaseId;
            _renewedAtTick = nowTick;
            _keepsAlive = random.NextDouble() < KeepAliveShare;
            _locks.Clear();
            _holds.Clear();
            return;
        }

        if (input.Kind == LeaseLockOperationKind.Read)
        {
            Learn(input.Lock, output.Lock);
            return;
        }

        if (input.Kind == LeaseLockOperationKind.Expire || input.LeaseId != _leaseId)
        {
            return; // an expire (concerns no lease), or an answer about a lease the client already gave up
        }

        if (output.Status == LockResultStatus.Failed && output.Error is LockErrorCode.LeaseExpired or LockErrorCode.UnknownLease)
        {
            ForgetLease();
            return;
        }

        switch (input.Kind)
        {
            case LeaseLockOperationKind.KeepAlive:
                _renewedAtTick = nowTick;
                break;
            case LeaseLockOperationKind.CloseLease:
                ForgetLease();
                break;
            case LeaseLockOperationKind.Acquire when output.Status == LockResultStatus.Granted:
                var hold = _holds.GetValueOrDefault(input.Lock, (Mode: input.Mode, Count: 0));
                var upgraded = hold.Count > 0 && hold.Mode == LockMode.Shared && input.Mode == LockMode.Exclusive;
                _holds[input.Lock] = upgraded ? (LockMode.Exclusive, hold.Count) : (hold.Mode, hold.Count + 1);
                Set(input.Lock, LockKnowledge.Held);
                break;
            case LeaseLockOperationKind.Acquire:
                Set(input.Lock, output.Status switch
                {
                    LockResultStatus.Granted => LockKnowledge.Held,
                    LockResultStatus.Queued => LockKnowledge.Waiting,
                    LockResultStatus.NotGranted => null,
                    _ => LockKnowledge.Unknown,
                });
                break;
            case LeaseLockOperationKind.Release when output.Status == LockResultStatus.Ok && _holds.GetValueOrDefault(input.Lock).Count > 1:
                _holds[input.Lock] = (_holds[input.Lock].Mode, _holds[input.Lock].Count - 1);
                break;
            default:
                // Release or cancel: done, or refused because the client's belief was stale.
                Set(input.Lock, output.Status == LockResultStatus.Ok ? null : LockKnowledge.Unknown);
                break;
        }
    }

    /// <summary>The outcome is unknown: whatever the operation touched must be read again.</summary>
    public void Abandoned(LeaseLockInput input)
    {
        if (input.LeaseId != _leaseId || _leaseId == 0)
        {
            return;
        }

        if (input.Kind == LeaseLockOperationKind.CloseLease)
        {
            ForgetLease();
        }
        else if (input.Lock.Length > 0)
        {
            _locks[input.Lock] = LockKnowledge.Unknown;
        }
    }

    private LeaseLockInput Acquire(string lockName)
    {
        var mode = random.Next(2) == 0 ? LockMode.Exclusive : LockMode.Shared;
        var waitMs = random.Next(10) < 4 ? 0 : random.NextInt64(MinWaitMs / 10, (MaxWaitMs / 10) + 1) * 10;
        return LeaseLockInput.Acquire(lockName, _leaseId, mode, waitMs);
    }

    /// <summary>A reentrant acquire (the same mode, or shared under an exclusive hold), or an upgrade of a shared hold.</summary>
    private LeaseLockInput Reacquire(string lockName)
    {
        var held = _holds[lockName].Mode;
        var mode = random.Next(2) == 0 ? held : held == LockMode.Exclusive ? LockMode.Shared : LockMode.Exclusive;
        var waitMs = random.Next(2) == 0 ? 0 : random.NextInt64(MinWaitMs / 10, (MaxWaitMs / 10) + 1) * 10;
        return LeaseLockInput.Acquire(lockName, _leaseId, mode, waitMs);
    }

    private void Learn(string lockName, LockInfo? info)
    {
        if (_leaseId == 0)
        {
            return;
        }

        if (info?.Holders.FirstOrDefault(h => h.LeaseId == _leaseId) is { } mine)
        {
            _holds[lockName] = (mine.Mode, mine.HoldCount);
        }

        Set(lockName, info is null ? null
            : info.Holders.Any(h => h.LeaseId == _leaseId) ? LockKnowledge.Held
            : info.Waiters.Any(w => w.LeaseId == _leaseId) ? LockKnowledge.Waiting
            : null);
    }

    private void Set(string lockName, LockKnowledge? knowledge)
    {
        if (knowledge is { } known)
        {
            _locks[lockName] = known;
        }
        else
        {
            _locks.Remove(lockName);
        }

        if (knowledge != LockKnowledge.Held)
        {
            _holds.Remove(lockName);
        }
    }

    private void ForgetLease()
    {
        _leaseId = 0;
        _locks.Clear();
        _holds.Clear();
    }
}
