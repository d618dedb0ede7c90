using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Simulation.Checking;
using OrleansSync.Simulation.Workloads.Locks;

namespace OrleansSync.Simulation.Workloads.Queues;

/// <summary>
/// The production <see cref="QueueStateMachine"/> of one replica as the simulator runs it: every
/// answer gets the witness prefix (last index, table time; the same layout as <see cref="LockWitness"/>),
/// wait notifications are drained (simulated clients do not long-poll to completion), the applied
/// state is checked after every command, and a planted <see cref="QueueFault"/> (teeth) acts here,
/// outside the production code. Faults other than <see cref="QueueFault.LocalClock"/> depend only on
/// the replicated state, so every replica misbehaves alike.
/// </summary>
internal sealed class ObservedQueueStateMachine(QueueStateMachine inner, QueueFault fault, long clockSkewMs) : IExpiringStateMachine
{
    private (ulong LastIndex, long TimeMs)? _expiryWitness;

    public QueueTable Table => inner.Table;

    public long? NextDeadlineMs => inner.NextDeadlineMs;

    public void Expire(ulong index, long committedTimeMs)
    {
        inner.Expire(index, Clock(committedTimeMs));
        inner.TakeEvents();
        CheckAppliedState(index);
        _expiryWitness = (inner.Table.LastAppliedIndex, inner.Table.NowMs);
    }

    /// <summary>Returns and forgets the witness of the expiry applied last.</summary>
    public (ulong LastIndex, long TimeMs) TakeExpiryWitness()
    {
        var witness = _expiryWitness ?? throw new InvalidOperationException("No leader-proposed expiry was applied since the last witness was taken.");
        _expiryWitness = null;
        return witness;
    }

    public ReadOnlyMemory<byte> Apply(ulong index, ReadOnlyMemory<byte> command) => Apply(index, inner.Table.NowMs, command);

    public ReadOnlyMemory<byte> Apply(ulong index, long committedTimeMs, ReadOnlyMemory<byte> command)
    {
        if (fault is not (QueueFault.None or QueueFault.LocalClock))
        {
            command = Plant(command);
        }

        var answer = inner.Apply(index, Clock(committedTimeMs), command);
        inner.TakeEvents();
        CheckAppliedState(index);
        return LockWitness.Prefix(inner.Table.LastAppliedIndex, inner.Table.NowMs, answer.Span);
    }

    public ReadOnlyMemory<byte> Query(ReadOnlyMemory<byte> query) =>
        LockWitness.Prefix(inner.Table.LastAppliedIndex, inner.Table.NowMs, inner.Query(query).Span);

    public byte[] Snapshot() => inner.Snapshot();

    public void Restore(ReadOnlyMemory<byte> snapshot) => inner.Restore(snapshot);

    private long Clock(long committedTimeMs) => fault == QueueFault.LocalClock ? committedTimeMs + clockSkewMs : committedTimeMs;

    private ReadOnlyMemory<byte> Plant(ReadOnlyMemory<byte> command)
    {
        var decoded = QueueCommandCodec.Decode(command.Span);
        QueueCommand planted = (fault, decoded) switch
        {
            (QueueFault.DedupIgnored, SendCommand send) => send with { Messages = [.. send.Messages.Select(m => m with { DedupId = null })] },
            (QueueFault.NackDeletes, NackCommand nack) => new AckCommand(nack.Queue, nack.Receipt),
            (QueueFault.StaleReceiptDeletes, AckCommand ack) => ack with { Receipt = CurrentReceipt(ack.Queue, ack.Receipt) },
            (QueueFault.StaleReceiptDeletes, AckBatchCommand batch) => batch with { Receipts = [.. batch.Receipts.Select(r => CurrentReceipt(batch.Queue, r))] },
            _ => decoded,
        };
        return ReferenceEquals(planted, decoded) ? command : QueueCommandCodec.Encode(planted);
    }

    /// <summary>The receipt of the message's current delivery if it is in flight (what a stale-receipt bug would accept), else the given one.</summary>
    private QueueReceipt CurrentReceipt(string queue, QueueReceipt receipt) =>
        inner.Table.FindPartition(queue, receipt.Partition)?.Messages.GetValueOrDefault(receipt.MessageId) is { State: QueueMessageState.InFlight } message
            ? receipt with { Delivery = message.DeliveryCount, ReceiveIndex = message.ReceiveIndex }
            : receipt;

    /// <summary>
    /// In every partition: no message is both in the main queue and dead-lettered; an in-flight message
    /// has a delivery count within the queue's bound and a receive index no later than the command;
    /// a dead letter used up its deliveries or was redriven and failed again.
    /// </summary>
    private void CheckAppliedState(ulong index)
    {
        foreach (var queue in QueueClientPlanner.QueueNames)
        {
            var options = inner.Table.GetOptions(queue);
            for (var p = 0; options is not null && p < options.Partitions; p++)
            {
                if (inner.Table.FindPartition(queue, p) is not { } partition)
                {
                    continue;
                }

                foreach (var (id, message) in partition.Messages)
                {
                    if (partition.DeadLetters.ContainsKey(id))
                    {
                        throw Violation(index, queue, p, $"message {id} is both queued and dead-lettered");
                    }

                    if (message.State == QueueMessageState.InFlight
                        && (message.DeliveryCount < 1 || message.DeliveryCount > options.MaxDeliveries || message.ReceiveIndex > index))
                    {
                        throw Violation(index, queue, p, $"in-flight message {id} has delivery {message.DeliveryCount} from receive {message.ReceiveIndex}");
                    }
                }
            }
        }
    }

    private static SafetyViolationException Violation(ulong index, string queue, int partition, string what) =>
        new($"queue safety (applied state): after index {index}, {queue}/{partition}: {what}");
}
