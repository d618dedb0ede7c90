using System.Text;
using OrleansSync.Grains.Queues;

namespace OrleansSync.Silo.Api;

/// <summary>One delivery: the body as UTF-8 text, and the <paramref name="Receipt"/> that acks, nacks or extends exactly this delivery.</summary>
internal sealed record ReceivedMessageState(
    ulong MessageId, int Partition, string Body, IReadOnlyDictionary<string, string> Attributes, uint DeliveryCount, string Receipt, long SentAtMs, long VisibleUntilMs)
{
    public static ReceivedMessageState From(DeliveredMessage message) => new(
        message.MessageId,
        message.Partition,
        Encoding.UTF8.GetString(message.Body),
        message.Attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
        message.DeliveryCount,
        message.Receipt.ToString(),
        message.SentAtMs,
        message.VisibleUntilMs);
}
