using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;

namespace OrleansSync.Grains.Tests.Queues;

/// <summary>The consumer's heartbeat over a stand-in extend: which deliveries it keeps, which it declares lost, and what it retries.</summary>
public sealed class QueueHeartbeatTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(30);
    private static readonly QueueReceipt Stale = new(0, 1, 1, 10);
    private static readonly QueueReceipt Healthy = new(0, 2, 1, 10);
    private static readonly QueueReceipt Held = new(0, 3, 1, 10);

    [Fact]
    public async Task AStaleReceipt_CancelsItsHandlersToken_AndSettleReportsItLost_WhileTheOthersAreExtended()
    {
        var healthyExtended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Extend(QueueReceipt receipt, CancellationToken cancellationToken)
        {
            if (receipt == Stale)
            {
                throw new QueueException(QueueErrorCode.ReceiptStale, "the delivery is over");
            }

            healthyExtended.TrySetResult();
            return Task.CompletedTask;
        }

        await using var heartbeat = new QueueHeartbeat([Message(Stale), Message(Healthy)], Extend, Interval, TimeProvider.System, CancellationToken.None);
        var staleToken = heartbeat.TokenOf(Stale);
        await Task.Delay(Timeout.InfiniteTimeSpan, staleToken).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(PhaseTimeout);
        await healthyExtended.Task.WaitAsync(PhaseTimeout);

        Assert.Equal(QueueErrorCode.ReceiptStale, heartbeat.Settle(Stale)?.Code);
        Assert.False(heartbeat.TokenOf(Healthy).IsCancellationRequested);
        Assert.Null(heartbeat.Settle(Healthy));
        Assert.True(heartbeat.ExtensionsOf(Healthy) > 0);
        Assert.Empty(heartbeat.Unsettled);
    }

    [Fact]
    public async Task ATransientFailure_IsRetriedAtTheNextBeat_AndDoesNotLoseTheDelivery()
    {
        var attempts = 0;
        var extended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Extend(QueueReceipt receipt, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                throw new TimeoutException("no leader yet");
            }

            extended.TrySetResult();
            return Task.CompletedTask;
        }

        await using var heartbeat = new QueueHeartbeat([Message(Healthy)], Extend, Interval, TimeProvider.System, CancellationToken.None);
        await extended.Task.WaitAsync(PhaseTimeout);

        Assert.True(Volatile.Read(ref attempts) >= 2);
        Assert.False(heartbeat.TokenOf(Healthy).IsCancellationRequested);
        Assert.Null(heartbeat.Settle(Healthy));
    }

    [Fact]
    public async Task ASettledDelivery_IsNoLongerExtended()
    {
        var extendedAfterSettle = 0;
        var settled = false;
        var beats = 0;
        var twoBeatsAfterSettle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Extend(QueueReceipt receipt, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref settled))
            {
                Interlocked.Increment(ref extendedAfterSettle);
            }

            if (receipt == Held && Volatile.Read(ref settled) && Interlocked.Increment(ref beats) == 2)
            {
                twoBeatsAfterSettle.TrySetResult();
            }

            return Task.CompletedTask;
        }

        // Held stays unsettled: its extends count the beats after Healthy is settled.
        await using var heartbeat = new QueueHeartbeat([Message(Healthy), Message(Held)], Extend, Interval, TimeProvider.System, CancellationToken.None);
        heartbeat.Settle(Healthy);
        Volatile.Write(ref settled, true);
        await twoBeatsAfterSettle.Task.WaitAsync(PhaseTimeout);

        // Only the held delivery's extends counted after the settle (one beat may have been under way at the settle).
        Assert.True(Volatile.Read(ref extendedAfterSettle) <= Volatile.Read(ref beats) + 1);
        Assert.Equal([Held], heartbeat.Unsettled);
    }

    private static DeliveredMessage Message(QueueReceipt receipt) =>
        new(receipt.MessageId, receipt.Partition, [], [], receipt.Delivery, receipt, 0, 0);
}
