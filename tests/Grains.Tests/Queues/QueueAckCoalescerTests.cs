using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;

namespace OrleansSync.Grains.Tests.Queues;

/// <summary>The per-partition ack coalescer against a scripted batch sender (each batch answers when the test releases it).</summary>
public sealed class QueueAckCoalescerTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    private static QueueReceipt Receipt(int partition, ulong id) => new(partition, id, 1, id);

    [Fact]
    public async Task AcksArrivingWhileABatchIsInFlight_GoTogetherInTheNext_EachWithItsOwnOutcome()
    {
        var sender = new ScriptedSender();
        var coalescer = new QueueAckCoalescer(sender.SendAsync);

        var first = coalescer.AckAsync("q", Receipt(0, 1));
        var queued = new[] { coalescer.AckAsync("q", Receipt(0, 2)), coalescer.AckAsync("q", Receipt(0, 3)), coalescer.AckAsync("q", Receipt(0, 4)) };
        var firstBatch = await sender.NextAsync();
        firstBatch.Answer.SetResult([QueueErrorCode.None]);
        var secondBatch = await sender.NextAsync();
        secondBatch.Answer.SetResult([QueueErrorCode.None, QueueErrorCode.ReceiptStale, QueueErrorCode.None]);

        Assert.Equal([1UL], firstBatch.Receipts.Select(r => r.MessageId));
        Assert.Equal([2UL, 3UL, 4UL], secondBatch.Receipts.Select(r => r.MessageId));
        Assert.Equal(QueueErrorCode.None, await first.WaitAsync(Budget));
        Assert.Equal([QueueErrorCode.None, QueueErrorCode.ReceiptStale, QueueErrorCode.None], await Task.WhenAll(queued).WaitAsync(Budget));
        Assert.Equal((2L, 4L), (coalescer.Batches, coalescer.Acks));
    }

    [Fact]
    public async Task Partitions_AreCoalescedApart_AndABatchHoldsAtMostTheBatchBound()
    {
        var sender = new ScriptedSender();
        var coalescer = new QueueAckCoalescer(sender.SendAsync);
        var blocker = coalescer.AckAsync("q", Receipt(0, 1));
        var other = coalescer.AckAsync("q", Receipt(1, 1)); // another partition: not held back by partition 0's batch
        var many = Enumerable.Range(2, QueueTable.MaxBatchMessages + 5).Select(i => coalescer.AckAsync("q", Receipt(0, (ulong)i))).ToArray();

        // Batches go out in order: each partition's first ack at once, then partition 0's waiting ones, 100 at a time.
        var batches = new List<(string Queue, int Partition, IReadOnlyList<QueueReceipt> Receipts)>();
        for (var i = 0; i < 4; i++)
        {
            var batch = await sender.NextAsync();
            batches.Add((batch.Queue, batch.Partition, batch.Receipts));
            batch.Answer.SetResult([.. batch.Receipts.Select(_ => QueueErrorCode.None)]);
        }

        await Task.WhenAll([blocker, other, .. many]).WaitAsync(Budget);
        Assert.Equal([(0, 1), (1, 1), (0, QueueTable.MaxBatchMessages), (0, 5)], batches.Select(b => (b.Partition, b.Receipts.Count)));
        Assert.All(batches, b => Assert.All(b.Receipts, r => Assert.Equal(b.Partition, r.Partition)));
    }

    [Fact]
    public async Task AFailedBatch_FailsEveryAckInIt_AndTheNextAckIsSentAfresh()
    {
        var sender = new ScriptedSender();
        var coalescer = new QueueAckCoalescer(sender.SendAsync);
        var first = coalescer.AckAsync("q", Receipt(0, 1));
        var second = coalescer.AckAsync("q", Receipt(0, 2));
        (await sender.NextAsync()).Answer.SetException(new TimeoutException("no leader"));
        (await sender.NextAsync()).Answer.SetException(new TimeoutException("no leader"));

        await Assert.ThrowsAsync<TimeoutException>(() => first.WaitAsync(Budget));
        await Assert.ThrowsAsync<TimeoutException>(() => second.WaitAsync(Budget));
        var third = coalescer.AckAsync("q", Receipt(0, 3));
        (await sender.NextAsync()).Answer.SetResult([QueueErrorCode.None]);
        Assert.Equal(QueueErrorCode.None, await third.WaitAsync(Budget));
    }

    /// <summary>Hands each batch to the test, which answers it; batches are taken in the order they were sent.</summary>
    private sealed class ScriptedSender
    {
        private readonly System.Threading.Channels.Channel<SentBatch> _sent = System.Threading.Channels.Channel.CreateUnbounded<SentBatch>();

        public Task<IReadOnlyList<QueueErrorCode>> SendAsync(string queue, int partition, IReadOnlyList<QueueReceipt> receipts)
        {
            var batch = new SentBatch(queue, partition, receipts, new TaskCompletionSource<IReadOnlyList<QueueErrorCode>>(TaskCreationOptions.RunContinuationsAsynchronously));
            Assert.True(_sent.Writer.TryWrite(batch));
            return batch.Answer.Task;
        }

        public async Task<SentBatch> NextAsync()
        {
            using var timeout = new CancellationTokenSource(Budget);
            return await _sent.Reader.ReadAsync(timeout.Token);
        }
    }

    private sealed record SentBatch(string Queue, int Partition, IReadOnlyList<QueueReceipt> Receipts, TaskCompletionSource<IReadOnlyList<QueueErrorCode>> Answer);
}
