using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Simulation.Checking;

namespace OrleansSync.Simulation.Workloads.Locks;

/// <summary>
/// The production <see cref="LockStateMachine"/> of one replica as the simulator runs it: every
/// answer gets a <see cref="LockWitness"/> prefix (last index, table time), the lock invariants are
/// checked on the applied state after every command, and a planted <see cref="LockFault"/> (teeth)
/// acts here, outside the production code. Faults depend only on the replicated state, so every
/// replica misbehaves alike. Like the production machine it is an <see cref="IExpiringStateMachine"/>:
/// the host reads <see cref="NextDeadlineMs"/> to propose expiry as leader, and the witness of the
/// last applied expiry (<see cref="TakeExpiryWitness"/>) becomes the history's <c>Expire</c> answer.
/// </summary>
internal sealed class ObservedLockStateMachine : IExpiringStateMachine
{
    /// <summary>Suffix of the hidden lock that <see cref="LockFault.SharedBesideExclusive"/> grants instead.</summary>
    private const string ShadowSuffix = "~shadow";

    private readonly LockStateMachine _inner;
    private readonly IReadOnlyList<string> _lockNames;
    private readonly LockFault _fault;

    /// <summary>Per lock: the highest fencing token this replica has seen granted on it.</summary>
    private readonly Dictionary<string, ulong> _highestToken = [];

    /// <summary>Per lock: the last fencing token the table reported for it (held or free); it must never go down.</summary>
    private readonly Dictionary<string, ulong> _reportedLastToken = [];

    /// <summary>Per lock: the (lease, token) holds present after the previous command.</summary>
    private readonly Dictionary<string, HashSet<(ulong LeaseId, ulong Token)>> _holds = [];

    public ObservedLockStateMachine(LockStateMachine inner, IReadOnlyList<string> lockNames, LockFault fault)
    {
        _inner = inner;
        _lockNames = lockNames;
        _fault = fault;
        foreach (var name in lockNames)
        {
            _holds[name] = [];
        }
    }

    /// <summary>The table's last applied index and time right after the leader-proposed expiry just applied here (taken once).</summary>
    private (ulong LastIndex, long TimeMs)? _expiryWitness;

    public long? NextDeadlineMs => _inner.NextDeadlineMs;

    public void Expire(ulong index, long committedTimeMs)
    {
        _inner.Expire(index, committedTimeMs);
        _inner.TakeEvents();
        CheckAppliedState(index);
        _expiryWitness = (_inner.Table.LastAppliedIndex, _inner.Table.NowMs);
    }

    /// <summary>Returns and forgets the witness of the expiry applied last; fails if none was applied since the last call.</summary>
    public (ulong LastIndex, long TimeMs) TakeExpiryWitness()
    {
        var witness = _expiryWitness ?? throw new InvalidOperationException("No leader-proposed expiry was applied since the last witness was taken.");
        _expiryWitness = null;
        return witness;
    }

    public ReadOnlyMemory<byte> Apply(ulong index, ReadOnlyMemory<byte> command) => Apply(index, _inner.Table.NowMs, command);

    public ReadOnlyMemory<byte> Apply(ulong index, long committedTimeMs, ReadOnlyMemory<byte> command)
    {
        var decoded = LockCommandCodec.Decode(command.Span);
        var previousToken = decoded is AcquireCommand acquire ? _inner.Table.GetLock(acquire.LockName)?.LastFencingToken ?? 0 : 0;
        if (_fault == LockFault.SharedBesideExclusive && decoded is AcquireCommand { Mode: LockMode.Shared } shared
            && _inner.Table.GetLock(shared.LockName)?.Holders.Any(h => h.Mode == LockMode.Exclusive && h.LeaseId != shared.LeaseId) == true)
        {
            command = LockCommandCodec.Encode(shared with { LockName = shared.LockName + ShadowSuffix });
        }

        var answer = _inner.Apply(index, committedTimeMs, command);
        _inner.TakeEvents();
        CheckAppliedState(index);
        if (_fault == LockFault.ReuseFencingToken && decoded is AcquireCommand)
        {
            answer = ReuseToken(answer, previousToken);
        }

        return LockWitness.Prefix(_inner.Table.LastAppliedIndex, _inner.Table.NowMs, answer.Span);
    }

    public ReadOnlyMemory<byte> Query(ReadOnlyMemory<byte> query) =>
        LockWitness.Prefix(_inner.Table.LastAppliedIndex, _inner.Table.NowMs, _inner.Query(query).Span);

    public byte[] Snapshot() => _inner.Snapshot();

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        _inner.Restore(snapshot);

        // The snapshot is newer than anything this replica applied: take its holds as they are.
        foreach (var name in _lockNames)
        {
            var info = _inner.Table.GetLock(name);
            _holds[name] = info is null ? [] : [.. info.Holders.Select(h => (h.LeaseId, h.FencingToken))];
            _highestToken[name] = Math.Max(_highestToken.GetValueOrDefault(name), info?.LastFencingToken ?? 0);
            CheckLastToken(_inner.Table.LastAppliedIndex, name, info);
        }
    }

    /// <summary>
    /// Exclusive holders never share a lock, no holder's token exceeds the lock's last token, and
    /// every new hold carries a token above every token this replica saw on that lock before.
    /// </summary>
    private void CheckAppliedState(ulong index)
    {
        foreach (var name in _lockNames)
        {
            var info = _inner.Table.GetLock(name);
            var holders = info?.Holders ?? [];
            if (holders.Any(h => h.Mode == LockMode.Exclusive) && holders.Count > 1)
            {
                throw Violation(index, name, $"an exclusive holder beside others: {Describe(holders)}");
            }

            var previous = _holds[name];
            var highest = _highestToken.GetValueOrDefault(name);
            foreach (var holder in holders)
            {
                if (holder.FencingToken > info!.LastFencingToken)
                {
                    throw Violation(index, name, $"holder {holder.LeaseId} has token {holder.FencingToken} above the lock's last {info.LastFencingToken}");
                }

                if (!previous.Contains((holder.LeaseId, holder.FencingToken)) && holder.FencingToken <= highest)
                {
                    throw Violation(index, name, $"new hold by lease {holder.LeaseId} has token {holder.FencingToken}, not above {highest} seen before");
                }
            }

            _holds[name] = [.. holders.Select(h => (h.LeaseId, h.FencingToken))];
            _highestToken[name] = Math.Max(highest, holders.Count == 0 ? 0 : holders.Max(h => h.FencingToken));
            CheckLastToken(index, name, info);
        }
    }

    /// <summary>
    /// The lock's last token as the table reports it, held or free: the table's own for a tracked
    /// lock, at least every token seen granted on it, and never below an earlier report (across
    /// snapshots too). The workload's few locks all fit the record of free locks, so it is exact.
    /// </summary>
    private void CheckLastToken(ulong index, string name, LockInfo? info)
    {
        var last = _inner.Table.GetLastFencingToken(name);
        var reported = _reportedLastToken.GetValueOrDefault(name);
        if ((info is not null && last != info.LastFencingToken) || last < _highestToken[name] || last < reported)
        {
            throw Violation(index, name, $"last fencing token {last} (table's {info?.LastFencingToken}, highest seen {_highestToken[name]}, reported before {reported})");
        }

        _reportedLastToken[name] = last;
    }

    private static ReadOnlyMemory<byte> ReuseToken(ReadOnlyMemory<byte> answer, ulong previousToken)
    {
        var result = LockWireCodec.DecodeResult(answer.Span);
        if (result.Status != LockResultStatus.Granted || result.FencingToken <= 1)
        {
            return answer;
        }

        var reused = previousToken is > 0 && previousToken < result.FencingToken ? previousToken : result.FencingToken - 1;
        return LockWireCodec.EncodeResult(result with { FencingToken = reused });
    }

    private static SafetyViolationException Violation(ulong index, string lockName, string what) =>
        new($"lock safety (applied state): after index {index}, '{lockName}' has {what}");

    private static string Describe(IEnumerable<LockHolderInfo> holders) =>
        string.Join(", ", holders.Select(h => $"lease {h.LeaseId} {h.Mode} #{h.FencingToken}"));
}
