using System.Globalization;

namespace OrleansSync.Grains.Queues;

/// <summary>
/// Names one delivery of one message: its partition, message id, the delivery number (the message's
/// delivery count right after that delivery) and the log index of the receive that made it. A later
/// delivery changes both numbers, so an old receipt can never act on a newer delivery.
/// </summary>
public readonly record struct QueueReceipt(int Partition, ulong MessageId, uint Delivery, ulong ReceiveIndex)
{
    /// <summary>The text form clients pass around: <c>partition.messageId.delivery.receiveIndex</c>, all decimal.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Partition}.{MessageId}.{Delivery}.{ReceiveIndex}");

    /// <summary>Parses <see cref="ToString"/>'s form; false for anything else.</summary>
    public static bool TryParse(string? text, out QueueReceipt receipt)
    {
        receipt = default;
        var parts = text?.Split('.');
        if (parts is not { Length: 4 }
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var messageId)
            || !uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var delivery)
            || !ulong.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var receiveIndex))
        {
            return false;
        }

        receipt = new QueueReceipt(partition, messageId, delivery, receiveIndex);
        return true;
    }
}
