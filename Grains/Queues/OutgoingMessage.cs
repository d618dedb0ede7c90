namespace OrleansSync.Grains.Queues;

/// <summary>
/// One message of a <see cref="SendCommand"/>: its body, optional attributes (bounded by
/// <see cref="QueueCommandCodec.MaxAttributes"/>), a delay before it becomes visible, and an optional
/// dedup id: a repeat of the id within the queue's dedup window returns the first message's id.
/// </summary>
public sealed record OutgoingMessage(byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Attributes, long DelayMs, string? DedupId)
{
    /// <summary>The bytes the message counts against <see cref="QueueOptions.MaxMessageBytes"/>: body and attribute keys and values (UTF-8).</summary>
    public int SizeBytes =>
        Body.Length + Attributes.Sum(a => System.Text.Encoding.UTF8.GetByteCount(a.Key) + System.Text.Encoding.UTF8.GetByteCount(a.Value));
}
