using System.Text;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Simulation.Workloads.Locks;
using OrleansSync.TestSupport.Linearizability;

namespace OrleansSync.Simulation.Workloads.Queues;

/// <summary>
/// Queue producers and consumers over 1..2 queues of <see cref="QueueClientPlanner.PartitionsPerQueue"/>
/// partitions in one group, against the production <see cref="QueueStateMachine"/> (behind
/// <see cref="SessionStateMachine"/>, fed the leaders' stamps). Checked two ways: the applied state
/// of every replica after every command (<see cref="ObservedQueueStateMachine"/>), and the
/// client-observed history plus a final read of the most advanced replica's state
/// (<see cref="QueueHistoryChecker"/>). Every applied write appears in the history (unanswered ones are
/// completed from the replicas), so the checker sees every delivery and every settle.
/// </summary>
internal sealed class QueueWorkload : IWorkload<QueueInput, QueueOutput>
{
    /// <summary>Most a node's clock lags simulated time (ms), as in the lock workload.</summary>
    public const int MaxClockLagMs = 200;

    /// <summary>Queue clients spend operations on receives and settles, so each drawn operation becomes this many.</summary>
    public const int OperationsPerDrawnOperation = 3;

    /// <summary>
    /// Factor on the drawn InstallSnapshot chunk size (16..256 bytes, sized for kv and lock snapshots of
    /// a few hundred bytes): queue snapshots reach 10 KB, and at 32 bytes a chunk a lagging follower
    /// needed longer than the liveness budget to catch up (seed 573, README F2).
    /// </summary>
    public const int SnapshotChunkScale = 8;

    /// <summary>Skew of a replica's clock under <see cref="QueueFault.LocalClock"/> (ms, either way).</summary>
    private const int MaxFaultSkewMs = 400;

    private readonly Random _random;
    private readonly int _queueCount;
    private readonly QueueFault _fault;
    private readonly Dictionary<int, QueueClientPlanner> _clients = [];
    private readonly long[] _clockLagMs;
    private readonly List<ObservedQueueStateMachine> _replicas = [];

    public QueueWorkload(Random random, int queueCount, int nodeCount, QueueFault fault)
    {
        _random = random;
        _queueCount = Math.Clamp(queueCount, 1, QueueClientPlanner.QueueNames.Count);
        _fault = fault;
        _clockLagMs = [.. Enumerable.Range(0, nodeCount).Select(_ => (long)random.Next(MaxClockLagMs + 1))];
    }

    public string Name => "queues";

    public bool CompletesUnansweredWrites => true;

    public QueueInput NextOperation(int clientId, long nowTick) => Planner(clientId).Next();

    public void Answered(int clientId, QueueInput input, QueueOutput output, long nowTick) => Planner(clientId).Answered(input, output);

    public void Abandoned(int clientId, QueueInput input) => Planner(clientId).Abandoned(input);

    public long ClockLagMs(ulong nodeId) => _clockLagMs[(int)nodeId - 1];

    public bool IsRead(QueueInput input) => input.Kind == QueueOperationKind.Stats;

    public ReadOnlyMemory<byte> EncodeCommand(QueueInput input) => QueueCommandCodec.Encode(input.Kind switch
    {
        QueueOperationKind.Create => new CreateQueueCommand(input.Queue, QueueClientPlanner.Options),
        QueueOperationKind.Send => new SendCommand(
            input.Queue, input.Partition, [.. input.Messages.Select(m => new OutgoingMessage(Encoding.UTF8.GetBytes(m.Tag), [], m.DelayMs, m.DedupId))]),
        QueueOperationKind.Receive => new ReceiveCommand(input.Queue, input.Partition, input.MaxMessages, input.VisibilityMs, input.WaitMs),
        QueueOperationKind.Ack => new AckCommand(input.Queue, input.Receipt),
        QueueOperationKind.AckBatch => new AckBatchCommand(input.Queue, input.Partition, input.Receipts),
        QueueOperationKind.Nack => new NackCommand(input.Queue, input.Receipt, input.DelayMs),
        QueueOperationKind.Extend => new ExtendCommand(input.Queue, input.Receipt, input.VisibilityMs),
        QueueOperationKind.Redrive => new RedriveCommand(input.Queue, input.Partition, input.MaxMessages),
        QueueOperationKind.Expire => new QueueExpireCommand(),
        _ => throw new ArgumentException($"{input} is a read, not a command.", nameof(input)),
    });

    public ReadOnlyMemory<byte> EncodeQuery(QueueInput input) => QueueWireCodec.EncodeStatsQuery(input.Queue, input.Partition);

    public QueueOutput DecodeResult(QueueInput input, ReadOnlyMemory<byte> result)
    {
        var (lastIndex, timeMs, answer) = LockWitness.Split(result);
        if (input.Kind == QueueOperationKind.Stats)
        {
            return new QueueOutput(QueueResultStatus.Ok, QueueErrorCode.None, lastIndex, timeMs) { Stats = QueueWireCodec.DecodeStats(answer.Span) };
        }

        var decoded = QueueWireCodec.DecodeResult(answer.Span);
        return new QueueOutput(decoded.Status, decoded.Error, lastIndex, timeMs)
        {
            Sent = decoded.Sent,
            Delivered = [.. decoded.Messages.Select(m => new SimDelivery(m.MessageId, m.DeliveryCount, m.Receipt, m.VisibleUntilMs))],
            Count = decoded.Count,
            VisibleUntilMs = decoded.VisibleUntilMs,
            Outcomes = decoded.Outcomes,
        };
    }

    public IReplicatedStateMachine CreateStateMachine()
    {
        var skewMs = _fault == QueueFault.LocalClock ? _random.Next(-MaxFaultSkewMs, MaxFaultSkewMs + 1) : 0;
        var replica = new ObservedQueueStateMachine(new QueueStateMachine(new QueueTableOptions()), _fault, skewMs);
        _replicas.Add(replica);
        return replica;
    }

    public QueueInput ExpiryOperation => QueueInput.Expire();

    public QueueOutput AppliedExpiry(IReplicatedStateMachine stateMachine)
    {
        var (lastIndex, timeMs) = ((ObservedQueueStateMachine)stateMachine).TakeExpiryWitness();
        return new QueueOutput(QueueResultStatus.Ok, QueueErrorCode.None, lastIndex, timeMs);
    }

    public QueueInput LivenessProbe() => new(QueueOperationKind.Create, "liveness-probe", 0);

    /// <summary>
    /// Checks the history against the final state of the replica that applied the most (it holds
    /// every acknowledged write: the liveness probe committed after all of them).
    /// </summary>
    public LinearizabilityResult Check(IReadOnlyList<Operation<QueueInput, QueueOutput>> history, CheckBudget budget)
    {
        var final = _replicas.MaxBy(r => r.Table.LastAppliedIndex)
            ?? throw new InvalidOperationException("No replica state machine was ever created.");
        var operations = QueueHistoryChecker.Check(history, final.Table);
        return new LinearizabilityResult(LinearizabilityVerdict.Ok, null, $"queue history holds ({operations} operations checked)", operations);
    }

    private QueueClientPlanner Planner(int clientId)
    {
        if (!_clients.TryGetValue(clientId, out var planner))
        {
            planner = new QueueClientPlanner(clientId, new Random(_random.Next()), _queueCount);
            _clients.Add(clientId, planner);
        }

        return planner;
    }
}
