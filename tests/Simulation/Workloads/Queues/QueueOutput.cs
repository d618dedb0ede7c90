using OrleansSync.Grains.Queues;

namespace OrleansSync.Simulation.Workloads.Queues;

/// <summary>
/// A queue answer as the client saw it, with the witness the simulator's wrapper prefixed: the
/// table's last applied index (the command's own log index for a write) and table time.
/// </summary>
internal sealed record QueueOutput(QueueResultStatus Status, QueueErrorCode Error, ulong Index, long TimeMs)
{
    public IReadOnlyList<SentMessage> Sent { get; init; } = Array.Empty<SentMessage>();

    public IReadOnlyList<SimDelivery> Delivered { get; init; } = Array.Empty<SimDelivery>();

    public long Count { get; init; }

    public long VisibleUntilMs { get; init; }

    public QueueStats? Stats { get; init; }

    /// <summary>For a batch ack: one code per receipt (<see cref="QueueErrorCode.None"/> when acked).</summary>
    public IReadOnlyList<QueueErrorCode> Outcomes { get; init; } = Array.Empty<QueueErrorCode>();

    public bool IsOk => Status == QueueResultStatus.Ok;

    public override string ToString() =>
        $"{Status}{(Error == QueueErrorCode.None ? string.Empty : " " + Error)} @{Index} t={TimeMs}"
        + (Sent.Count > 0 ? $" sent=[{string.Join(", ", Sent.Select(s => s.MessageId + (s.Duplicate ? " dup" : string.Empty)))}]" : string.Empty)
        + (Delivered.Count > 0 ? $" delivered=[{string.Join(", ", Delivered.Select(d => $"{d.MessageId}#{d.DeliveryCount}"))}]" : string.Empty)
        + (Outcomes.Count > 0 ? $" outcomes=[{string.Join(", ", Outcomes)}]" : string.Empty);
}
