using System.Text;
using OrleansSync.Grains.Queues;

namespace OrleansSync.Grains.Tests.Queues;

/// <summary>Feeds a <see cref="QueueTable"/> commands with increasing indices and a test-controlled time.</summary>
internal sealed class QueueTableDriver(QueueTableOptions? options = null)
{
    public const string Queue = "orders";

    public QueueTable Table { get; } = new(options ?? new QueueTableOptions());

    public ulong Index { get; private set; }

    public long NowMs { get; set; } = 1_000;

    public QueueResult Apply(QueueCommand command)
    {
        Index++;
        return Table.Apply(Index, NowMs, command);
    }

    public QueueResult Create(QueueOptions? options = null, string queue = Queue) => Apply(new CreateQueueCommand(queue, options ?? new QueueOptions()));

    public static OutgoingMessage Message(string body, long delayMs = 0, string? dedupId = null) =>
        new(Encoding.UTF8.GetBytes(body), [], delayMs, dedupId);

    public SentMessage Send(string body, int partition = 0, long delayMs = 0, string? dedupId = null)
    {
        var result = Apply(new SendCommand(Queue, partition, [Message(body, delayMs, dedupId)]));
        Assert.Equal(QueueResultStatus.Ok, result.Status);
        return Assert.Single(result.Sent);
    }

    public QueueResult Receive(int max = 10, int partition = 0, long visibilityMs = 0, long waitMs = 0) =>
        Apply(new ReceiveCommand(Queue, partition, max, visibilityMs, waitMs));

    public DeliveredMessage ReceiveOne(long visibilityMs = 0)
    {
        var result = Receive(1, visibilityMs: visibilityMs);
        Assert.Equal(QueueResultStatus.Ok, result.Status);
        return Assert.Single(result.Messages);
    }

    public QueueResult Ack(QueueReceipt receipt) => Apply(new AckCommand(Queue, receipt));

    public QueueResult AckBatch(params QueueReceipt[] receipts) => Apply(new AckBatchCommand(Queue, receipts[0].Partition, receipts));

    public QueueResult Nack(QueueReceipt receipt, long delayMs = 0) => Apply(new NackCommand(Queue, receipt, delayMs));

    public QueueStats Stats(int partition = 0) => Table.GetStats(Queue, partition)!;

    public QueueResult Advance(long ms)
    {
        NowMs += ms;
        return Apply(new QueueExpireCommand());
    }

    public static string Body(DeliveredMessage message) => Encoding.UTF8.GetString(message.Body);
}
