using OrleansSync.Grains.Queues;

namespace OrleansSync.Simulation.Workloads.Queues;

/// <summary>A queue client's operation, as the history records it.</summary>
internal sealed record QueueInput(QueueOperationKind Kind, string Queue, int Partition)
{
    public IReadOnlyList<OutgoingSimMessage> Messages { get; init; } = [];

    public QueueReceipt Receipt { get; init; }

    /// <summary>For a batch ack: its receipts, in order, all of <see cref="Partition"/>.</summary>
    public IReadOnlyList<QueueReceipt> Receipts { get; init; } = [];

    public int MaxMessages { get; init; }

    public long VisibilityMs { get; init; }

    public long DelayMs { get; init; }

    public long WaitMs { get; init; }

    public static QueueInput Expire() => new(QueueOperationKind.Expire, string.Empty, 0);

    public override string ToString() => Kind switch
    {
        QueueOperationKind.Send => $"send {Queue}/{Partition} [{string.Join(", ", Messages.Select(m => m.Tag + (m.DedupId is null ? string.Empty : " dedup=" + m.DedupId) + (m.DelayMs > 0 ? $" delay={m.DelayMs}" : string.Empty)))}]",
        QueueOperationKind.Receive => $"receive {Queue}/{Partition} max={MaxMessages} visibility={VisibilityMs} wait={WaitMs}",
        QueueOperationKind.Ack or QueueOperationKind.Nack or QueueOperationKind.Extend => $"{Kind} {Queue} receipt={Receipt} delay={DelayMs} visibility={VisibilityMs}",
        QueueOperationKind.AckBatch => $"AckBatch {Queue}/{Partition} receipts=[{string.Join(", ", Receipts)}]",
        _ => $"{Kind} {Queue}/{Partition}",
    };
}
