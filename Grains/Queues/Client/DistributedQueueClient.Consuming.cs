using System.Runtime.CompilerServices;

namespace OrleansSync.Grains.Queues.Client;

/// <summary>The handler-driven consumer: heartbeats while a handler runs, acks on success, nacks with backoff on failure.</summary>
public sealed partial class DistributedQueueClient
{
    /// <summary>
    /// Receives from <paramref name="queue"/> and runs <paramref name="handler"/> on each message,
    /// one at a time, yielding what became of each: while messages are held (the one handled and the
    /// rest of its receive) their visibility is extended every <see cref="QueueConsumeOptions.HeartbeatFraction"/>
    /// of the visibility timeout, so a handler slower than the timeout keeps its message; when the
    /// handler returns the message is acked; when it throws, the message is nacked with a delay
    /// doubling per delivery (<see cref="QueueConsumeOptions.RetryBaseDelay"/> up to
    /// <see cref="QueueConsumeOptions.RetryMaxDelay"/>), or dead-lettered when its deliveries are used up.
    /// The handler's token is cancelled when the consumer stops or the delivery is lost (someone else may
    /// have the message then). Ends when <paramref name="cancellationToken"/> is cancelled or the caller
    /// stops enumerating; held messages not yet handled are then given back at once.
    /// <code>await foreach (var handled in queues.ConsumeAsync("orders", (m, ct) => ShipAsync(m, ct), cancellationToken: ct)) { log(handled.Outcome); }</code>
    /// </summary>
    public async IAsyncEnumerable<QueueHandledMessage> ConsumeAsync(
        string queue,
        Func<DeliveredMessage, CancellationToken, Task> handler,
        QueueConsumeOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new QueueConsumeOptions();
        options.Validate();
        var queueOptions = await GetOptionsAsync(queue, cancellationToken);
        var visibility = options.VisibilityTimeout ?? TimeSpan.FromMilliseconds(queueOptions.VisibilityTimeoutMs);
        var interval = visibility * options.HeartbeatFraction;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<DeliveredMessage> batch;
            try
            {
                batch = await ReceiveAsync(queue, options.MaxMessages, visibility, options.Wait, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            var heartbeat = new QueueHeartbeat(batch, (receipt, ct) => ExtendAsync(queue, receipt, visibility, ct), interval, _time, cancellationToken);
            try
            {
                foreach (var message in batch)
                {
                    if (await HandleAsync(queue, message, handler, heartbeat, options, cancellationToken) is not { } handled)
                    {
                        yield break;
                    }

                    yield return handled;
                }
            }
            finally
            {
                await GiveBackAsync(queue, heartbeat);
            }
        }
    }

    /// <summary>Runs the handler on one held delivery and settles it; null when the consumer was stopped meanwhile (the delivery stays held, to be given back).</summary>
    private async Task<QueueHandledMessage?> HandleAsync(
        string queue, DeliveredMessage message, Func<DeliveredMessage, CancellationToken, Task> handler, QueueHeartbeat heartbeat, QueueConsumeOptions options, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var receipt = message.Receipt;
        Exception? failure = null;
        try
        {
            await handler(message, heartbeat.TokenOf(receipt));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        if (heartbeat.Settle(receipt) is { } lost)
        {
            return new QueueHandledMessage(message, QueueHandlingOutcome.Lost, TimeSpan.Zero, heartbeat.ExtensionsOf(receipt), lost);
        }

        var delay = failure is null ? TimeSpan.Zero : QueueRetryBackoff.DelayFor(message.DeliveryCount, options.RetryBaseDelay, options.RetryMaxDelay);
        try
        {
            // Not the consumer's token: work that finished is settled even if the consumer is stopping
            // (the client's request timeout bounds the wait).
            if (failure is null)
            {
                // Coalesced with the acks of this client's other consumers of the partition (one commit for many).
                await AckCoalescedAsync(queue, receipt);
                return new QueueHandledMessage(message, QueueHandlingOutcome.Acked, TimeSpan.Zero, heartbeat.ExtensionsOf(receipt), null);
            }

            await NackAsync(queue, receipt, delay, CancellationToken.None);
            return new QueueHandledMessage(message, QueueHandlingOutcome.Nacked, delay, heartbeat.ExtensionsOf(receipt), failure);
        }
        catch (Exception settling) when (settling is QueueException or TimeoutException)
        {
            // Stale receipt, or no answer in time: the message comes back when its visibility lapses (unless the ack got through).
            return new QueueHandledMessage(message, QueueHandlingOutcome.Lost, TimeSpan.Zero, heartbeat.ExtensionsOf(receipt), settling);
        }
    }

    /// <summary>Nacks (no delay) the deliveries of a receive the consumer did not get to, so they need not wait out their visibility; best effort.</summary>
    private async Task GiveBackAsync(string queue, QueueHeartbeat heartbeat)
    {
        var unsettled = heartbeat.Unsettled;
        await heartbeat.DisposeAsync();
        foreach (var receipt in unsettled)
        {
            try
            {
                await NackAsync(queue, receipt, TimeSpan.Zero, CancellationToken.None);
            }
            catch (Exception exception) when (exception is QueueException or TimeoutException)
            {
                // Not given back: it becomes visible again when its visibility timeout lapses.
            }
        }
    }
}
