using System.Globalization;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.TestSupport.Linearizability;
using OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

namespace OrleansSync.Simulation.Workloads.Locks;

/// <summary>
/// Lock clients over a few contended locks against the production <see cref="LockStateMachine"/>
/// (behind <see cref="SessionStateMachine"/>, fed the leaders' stamps), checked three ways: the
/// history against <see cref="LeaseLockModel"/>, the applied state of every replica after every
/// command (<see cref="ObservedLockStateMachine"/>), and the answers as clients see them
/// (<see cref="ObservedGrants"/>). Each node's clock lags simulated time by its own amount, so a
/// new leader may stamp earlier times than the last one did.
/// </summary>
internal sealed class LockWorkload : IWorkload<LeaseLockInput, LeaseLockOutput>
{
    /// <summary>Most a node's clock lags simulated time (ms): a few ticks, below the shortest lease TTL.</summary>
    public const int MaxClockLagMs = 200;

    /// <summary>
    /// Lock clients spend most operations on leases, keep-alives and polling reads, so each
    /// operation the seed draws for a key-value client becomes this many lock operations.
    /// </summary>
    public const int OperationsPerDrawnOperation = 3;

    /// <summary>Shortest lease the simulated tables accept: short leases expire within a run.</summary>
    private const long MinLeaseTtlMs = 100;

    private readonly Random _random;
    private readonly IReadOnlyList<string> _lockNames;
    private readonly LockFault _fault;
    private readonly int _tickMs;
    private readonly Dictionary<int, LockClientPlanner> _clients = [];
    private readonly long[] _clockLagMs;
    private readonly ObservedGrants _grants = new();

    public LockWorkload(Random random, int lockCount, int nodeCount, int tickMs, LockFault fault)
    {
        _random = random;
        _lockNames = [.. Enumerable.Range(0, lockCount).Select(i => "lock" + i.ToString(CultureInfo.InvariantCulture))];
        _fault = fault;
        _tickMs = tickMs;
        _clockLagMs = [.. Enumerable.Range(0, nodeCount).Select(_ => (long)random.Next(MaxClockLagMs + 1))];
    }

    public string Name => "locks";

    public bool CompletesUnansweredWrites => true;

    public LeaseLockInput NextOperation(int clientId, long nowTick) => Planner(clientId).Next(nowTick, _tickMs);

    public void Answered(int clientId, LeaseLockInput input, LeaseLockOutput output, long nowTick)
    {
        _grants.Observe(clientId, input, output);
        Planner(clientId).Answered(input, output, nowTick);
    }

    public void Abandoned(int clientId, LeaseLockInput input) => Planner(clientId).Abandoned(input);

    public long ClockLagMs(ulong nodeId) => _clockLagMs[(int)nodeId - 1];

    public bool IsRead(LeaseLockInput input) => input.Kind == LeaseLockOperationKind.Read;

    public ReadOnlyMemory<byte> EncodeCommand(LeaseLockInput input) => LockCommandCodec.Encode(input.Kind switch
    {
        LeaseLockOperationKind.OpenLease => new OpenLeaseCommand(input.Owner, input.TtlMs),
        LeaseLockOperationKind.KeepAlive => new KeepAliveCommand(input.LeaseId),
        LeaseLockOperationKind.CloseLease => new CloseLeaseCommand(input.LeaseId),
        LeaseLockOperationKind.Acquire => new AcquireCommand(input.Lock, input.LeaseId, input.Mode, input.WaitTimeoutMs),
        LeaseLockOperationKind.Release => new ReleaseCommand(input.Lock, input.LeaseId),
        LeaseLockOperationKind.CancelWait => new CancelWaitCommand(input.Lock, input.LeaseId),
        LeaseLockOperationKind.Expire => new ExpireCommand(),
        _ => throw new ArgumentException($"{input} is a read, not a command.", nameof(input)),
    });

    public ReadOnlyMemory<byte> EncodeQuery(LeaseLockInput input) => LockWireCodec.EncodeGetLock(input.Lock);

    public LeaseLockOutput DecodeResult(LeaseLockInput input, ReadOnlyMemory<byte> result)
    {
        var (lastIndex, timeMs, answer) = LockWitness.Split(result);
        if (input.Kind == LeaseLockOperationKind.Read)
        {
            return new LeaseLockOutput(0, LockErrorCode.None, 0, 0, 0, 0, lastIndex, timeMs, LockWireCodec.DecodeLockInfo(answer.Span));
        }

        var decoded = LockWireCodec.DecodeResult(answer.Span);
        return new LeaseLockOutput(
            decoded.Status, decoded.Error, decoded.LeaseId, decoded.FencingToken, decoded.WaitId, decoded.LeaseExpiresAtMs, lastIndex, timeMs, null);
    }

    public IReplicatedStateMachine CreateStateMachine() =>
        new ObservedLockStateMachine(new LockStateMachine(0, new LockTableOptions { MinLeaseTtlMs = MinLeaseTtlMs }), _lockNames, _fault);

    public LeaseLockInput ExpiryOperation => LeaseLockInput.Expire();

    public LeaseLockOutput AppliedExpiry(IReplicatedStateMachine stateMachine)
    {
        var (lastIndex, timeMs) = ((ObservedLockStateMachine)stateMachine).TakeExpiryWitness();
        return new LeaseLockOutput(LockResultStatus.Ok, LockErrorCode.None, 0, 0, 0, 0, lastIndex, timeMs, null);
    }

    public LeaseLockInput LivenessProbe() => LeaseLockInput.OpenLease("liveness-probe", LockClientPlanner.MaxTtlMs);

    public LinearizabilityResult Check(IReadOnlyList<Operation<LeaseLockInput, LeaseLockOutput>> history, CheckBudget budget) =>
        LinearizabilityChecker.Check(LeaseLockModel.Instance, history, budget);

    private LockClientPlanner Planner(int clientId)
    {
        if (!_clients.TryGetValue(clientId, out var planner))
        {
            planner = new LockClientPlanner(clientId, new Random(_random.Next()), _lockNames);
            _clients.Add(clientId, planner);
        }

        return planner;
    }
}
