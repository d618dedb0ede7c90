using System.Runtime.CompilerServices;

namespace OrleansSync.Grains.Queues.Client;

/// <summary>Receiving: sweeps over the partitions, long polls woken by the leaders' notifications, and the consumer stream.</summary>
public sealed partial class DistributedQueueClient
{
    /// <summary>
    /// How long past a wait's end its long-poll lasts: the leader proposes the timeout on its first
    /// tick past the deadline and it must commit, so the timeout's notice comes a little late.
    /// </summary>
    private const int TimeoutNoticeGraceMs = 1_000;

    private long _wakeupsByNotification;

    /// <summary>
    /// Takes up to <paramref name="maxMessages"/> (1 to 10) visible messages, hidden for
    /// <paramref name="visibilityTimeout"/> (null: the queue's own). When none is visible, waits up
    /// to <paramref name="wait"/> (at most 20 s) for one: each partition's group registers the wait
    /// and its leader notifies this client when a message becomes visible there; the client then
    /// receives again. Answers empty when the wait is over.
    /// </summary>
    public async Task<IReadOnlyList<DeliveredMessage>> ReceiveAsync(
        string queue, int maxMessages = 1, TimeSpan? visibilityTimeout = null, TimeSpan wait = default, CancellationToken cancellationToken = default)
    {
        if (maxMessages is < 1 or > QueueTable.MaxReceiveMessages)
        {
            throw new QueueException(QueueErrorCode.InvalidArgument, $"A receive takes 1 to {QueueTable.MaxReceiveMessages} messages, not {maxMessages}.");
        }

        var waitMs = Milliseconds(wait);
        if (waitMs > QueueTable.MaxWaitMs)
        {
            throw new QueueException(QueueErrorCode.InvalidArgument, $"A receive waits at most {QueueTable.MaxWaitMs} ms, not {waitMs}.");
        }

        var visibilityMs = visibilityTimeout is { } visibility ? Math.Max(1, Milliseconds(visibility)) : 0;
        var options = await GetOptionsAsync(queue, cancellationToken);
        var started = _time.GetTimestamp();
        while (true)
        {
            // First without registering waits: a busy queue must not collect waits it never uses.
            var (messages, _) = await SweepAsync(queue, options.Partitions, maxMessages, visibilityMs, 0, cancellationToken);
            var remainingMs = waitMs - (long)_time.GetElapsedTime(started).TotalMilliseconds;
            if (messages.Count > 0 || remainingMs <= 0)
            {
                return messages;
            }

            (messages, var waits) = await SweepAsync(queue, options.Partitions, maxMessages, visibilityMs, remainingMs, cancellationToken);
            if (messages.Count > 0 || waits.Count == 0)
            {
                // Waits registered before a partition answered with messages end by their timeout.
                return messages;
            }

            if (!await AwaitAnyWakeupAsync(queue, waits, started, waitMs, cancellationToken))
            {
                return [];
            }
        }
    }

    /// <summary>
    /// An endless stream of deliveries: long-polls the queue, yields each message, and leaves the
    /// ack (or nack, or extend) to the caller: <c>await foreach (var m in queues.ConsumeAsync("q", cancellationToken: ct)) { ...; await queues.AckAsync("q", m.Receipt, ct); }</c>.
    /// Ends when <paramref name="cancellationToken"/> is cancelled. Holds at most one receive's messages.
    /// </summary>
    public async IAsyncEnumerable<DeliveredMessage> ConsumeAsync(
        string queue, QueueConsumeOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new QueueConsumeOptions();
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<DeliveredMessage> batch;
            try
            {
                batch = await ReceiveAsync(queue, options.MaxMessages, options.VisibilityTimeout, options.Wait, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            foreach (var message in batch)
            {
                yield return message;
            }
        }
    }

    /// <summary>
    /// One receive per partition, starting at a rotating partition so that consumers share the
    /// partitions fairly, until <paramref name="maxMessages"/> are taken. With <paramref name="waitMs"/>,
    /// a partition with nothing visible registers a wait: its id is returned.
    /// </summary>
    private async Task<(List<DeliveredMessage> Messages, List<PartitionWait> Waits)> SweepAsync(
        string queue, int partitions, int maxMessages, long visibilityMs, long waitMs, CancellationToken cancellationToken)
    {
        var messages = new List<DeliveredMessage>(maxMessages);
        var waits = new List<PartitionWait>();
        var first = (int)((ulong)Interlocked.Increment(ref _receiveStart) % (ulong)partitions);
        for (var i = 0; i < partitions && messages.Count < maxMessages; i++)
        {
            var partition = (first + i) % partitions;
            var group = _map.GroupOf(queue, partition);
            var command = Encode(new ReceiveCommand(queue, partition, maxMessages - messages.Count, visibilityMs, waitMs));
            var result = Check(await ProposeAsync(group, command, cancellationToken), $"Receiving from '{queue}'");
            messages.AddRange(result.Messages);
            if (result.Status == QueueResultStatus.Waiting)
            {
                waits.Add(new PartitionWait(group, result.WaitId));
            }
        }

        return (messages, waits);
    }

    /// <summary>
    /// Long-polls the leaders of the partitions' groups for the end of their waits; true as soon as
    /// one says messages are available, false when every wait timed out or the caller's wait is over.
    /// A poll that learns nothing (leader change, peer unreachable) is repeated until then.
    /// </summary>
    private async Task<bool> AwaitAnyWakeupAsync(string queue, List<PartitionWait> waits, long started, long waitMs, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = waits.Select(w => WaitForWakeupAsync(w, started, waitMs, stop.Token)).ToList();
        try
        {
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending);
                pending.Remove(done);
                var reason = await done;
                if (reason == QueueWaitEndReason.MessagesAvailable)
                {
                    Interlocked.Increment(ref _wakeupsByNotification);
                    return true;
                }

                if (reason == QueueWaitEndReason.QueueDeleted)
                {
                    _knownQueues.TryRemove(queue, out _);
                    throw new QueueException(QueueErrorCode.QueueNotFound, $"Queue '{queue}' was deleted while a receive waited.");
                }
            }

            return false;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(pending.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <summary>How one partition's wait ended; <see cref="QueueWaitEndReason.TimedOut"/> also when the caller's wait is over first.</summary>
    private async Task<QueueWaitEndReason> WaitForWakeupAsync(PartitionWait wait, long started, long waitMs, CancellationToken cancellationToken)
    {
        var channel = _channels[wait.Group];
        while (true)
        {
            var remainingMs = waitMs - (long)_time.GetElapsedTime(started).TotalMilliseconds;
            if (remainingMs <= 0)
            {
                return QueueWaitEndReason.TimedOut;
            }

            var pollMs = (int)Math.Clamp(remainingMs + TimeoutNoticeGraceMs, _options.PollIntervalMs, _options.NotificationWaitMs);
            var (payload, _) = await channel.WaitForEncodedOutcomeAsync(wait.WaitId, pollMs, cancellationToken);
            if (payload is not null)
            {
                return QueueWireCodec.DecodeWaitEvent(payload).Reason;
            }

            // Nothing known: still pending, or the leader moved or is unreachable. Ask again, not at once.
            await Task.Delay(TimeSpan.FromMilliseconds(_options.PollIntervalMs), _time, cancellationToken);
        }
    }

    /// <summary>A long-poll wait registered in a partition's group, keyed by the log index of its receive.</summary>
    private readonly record struct PartitionWait(int Group, ulong WaitId);
}
