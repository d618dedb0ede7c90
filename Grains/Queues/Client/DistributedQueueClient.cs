using System.Collections.Concurrent;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Queues.Client;

/// <summary>
/// Distributed queues over the cluster's Raft groups (ADR 0014: every group hosts a
/// <see cref="QueueStateMachine"/> beside the locks). Partition <c>{queue}/{p}</c> lives in the group
/// <see cref="QueuePartitionMap"/> names; the client creates a queue in every group hosting one of
/// its partitions, routes each send to its partition's group, and receives by sweeping the
/// partitions. Every command goes through a <see cref="RaftGroupChannel"/> (exactly once through a
/// client session) and is answered only after it committed and applied, so an acknowledged send
/// is on a majority's disks.
/// </summary>
public sealed partial class DistributedQueueClient : IAsyncDisposable
{
    private readonly DistributedQueueClientOptions _options;
    private readonly TimeProvider _time;
    private readonly QueuePartitionMap _map;
    private readonly RaftGroupChannel[] _channels;

    /// <summary>Options of the queues this client used; replicated and fixed once created, so safe to keep.</summary>
    private readonly ConcurrentDictionary<string, QueueOptions> _knownQueues = new(StringComparer.Ordinal);
    private readonly QueueAckCoalescer _acks;
    private long _roundRobin;
    private long _receiveStart;

    public DistributedQueueClient(IGrainFactory grains, DistributedQueueClientOptions options, TimeProvider? time = null)
        : this(new GrainFactoryPeerResolver(grains ?? throw new ArgumentNullException(nameof(grains))), options, time)
    {
    }

    public DistributedQueueClient(IRaftPeerResolver peers, DistributedQueueClientOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _map = new QueuePartitionMap(options.GroupCount);
        var channelOptions = options.ToChannelOptions();
        _channels = [.. Enumerable.Range(0, options.GroupCount).Select(g => new RaftGroupChannel(peers, g, channelOptions, _time))];
        _acks = new QueueAckCoalescer((queue, partition, receipts) => AckPartitionAsync(queue, partition, receipts, CancellationToken.None));
    }

    /// <summary>Long-poll receives that ended because the leader pushed a notification.</summary>
    internal long WakeupsByNotification => Interlocked.Read(ref _wakeupsByNotification);

    internal bool IsDisposed { get; private set; }

    internal DistributedQueueClientOptions Options => _options;

    /// <summary>
    /// Creates <paramref name="name"/> with <paramref name="options"/> (null: the defaults) in every
    /// group hosting one of its partitions. Creating it again with the same options is fine.
    /// </summary>
    /// <returns>The options as replicated, with the dead-letter queue's name resolved.</returns>
    /// <exception cref="QueueException"><see cref="QueueErrorCode.QueueAlreadyExists"/> with other options, or invalid options.</exception>
    public async Task<QueueOptions> CreateQueueAsync(string name, QueueOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var resolved = (options ?? new QueueOptions()).Resolve(name);
        if (resolved.Validate() is { } problem)
        {
            throw new QueueException(QueueErrorCode.InvalidArgument, $"Queue '{name}': {problem}.");
        }

        var command = QueueCommandCodec.Encode(new CreateQueueCommand(name, resolved));
        await Task.WhenAll(GroupsOf(name, resolved.Partitions).Select(async group =>
            Check(await ProposeAsync(group, command, cancellationToken), $"Creating queue '{name}'")));
        _knownQueues[name] = resolved;
        return resolved;
    }

    /// <summary>The queue's replicated options (linearizable read of its first partition's group).</summary>
    /// <exception cref="QueueException"><see cref="QueueErrorCode.QueueNotFound"/>.</exception>
    public async Task<QueueOptions> GetOptionsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_knownQueues.TryGetValue(name, out var known))
        {
            return known;
        }

        var bytes = await ReadAsync(_map.GroupOf(name, 0), QueueWireCodec.EncodeOptionsQuery(name), cancellationToken);
        var options = QueueWireCodec.DecodeOptions(bytes)
            ?? throw new QueueException(QueueErrorCode.QueueNotFound, $"Queue '{name}' does not exist.");
        _knownQueues[name] = options;
        return options;
    }

    /// <summary>Deletes the queue, its messages and dead letters, in every group hosting a partition of it.</summary>
    public async Task DeleteQueueAsync(string name, CancellationToken cancellationToken = default)
    {
        var options = await GetOptionsAsync(name, cancellationToken);
        var command = QueueCommandCodec.Encode(new DeleteQueueCommand(name));
        await Task.WhenAll(GroupsOf(name, options.Partitions).Select(async group =>
        {
            var result = await ProposeAsync(group, command, cancellationToken);
            if (result.Error != QueueErrorCode.QueueNotFound)
            {
                Check(result, $"Deleting queue '{name}'");
            }
        }));
        _knownQueues.TryRemove(name, out _);
    }

    /// <summary>Sends one message; answers once it is committed (or, as a duplicate, with the first one's id).</summary>
    public async Task<SentMessage> SendAsync(string queue, MessageToSend message, CancellationToken cancellationToken = default) =>
        (await SendBatchAsync(queue, [message], cancellationToken))[0];

    /// <summary>
    /// Sends up to <see cref="QueueTable.MaxBatchMessages"/> messages, one command per partition
    /// they map to (all or none within a partition; partitions are independent), and answers with
    /// their ids in the order given, once all are committed.
    /// </summary>
    public async Task<IReadOnlyList<SentMessage>> SendBatchAsync(string queue, IReadOnlyList<MessageToSend> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count is 0 or > QueueTable.MaxBatchMessages)
        {
            throw new QueueException(QueueErrorCode.BatchTooLarge, $"A batch holds 1 to {QueueTable.MaxBatchMessages} messages, not {messages.Count}.");
        }

        var options = await GetOptionsAsync(queue, cancellationToken);
        var partitionOf = new int[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new ArgumentException("A batch holds no null message.", nameof(messages));
            var counter = message.PartitionKey is null && message.DedupId is null ? (ulong)Interlocked.Increment(ref _roundRobin) : 0;
            partitionOf[i] = QueuePartitionMap.PartitionOf(message.PartitionKey, message.DedupId, options.Partitions, counter);
        }

        var sent = new SentMessage[messages.Count];
        await Task.WhenAll(Enumerable.Range(0, messages.Count).GroupBy(i => partitionOf[i]).Select(async batch =>
        {
            var indexes = batch.ToArray();
            var command = new SendCommand(queue, batch.Key, [.. indexes.Select(i => ToOutgoing(messages[i]))]);
            var result = Check(await ProposeAsync(_map.GroupOf(queue, batch.Key), Encode(command), cancellationToken), $"Sending to '{queue}'");
            for (var j = 0; j < indexes.Length; j++)
            {
                sent[indexes[j]] = result.Sent[j];
            }
        }));
        return sent;
    }

    /// <summary>Deletes the message of this delivery.</summary>
    /// <exception cref="QueueException"><see cref="QueueErrorCode.ReceiptStale"/>: the delivery is over (redelivered, timed out, acked...); nothing was deleted.</exception>
    public async Task AckAsync(string queue, QueueReceipt receipt, CancellationToken cancellationToken = default) =>
        Check(await ProposeAsync(_map.GroupOf(queue, receipt.Partition), Encode(new AckCommand(queue, receipt)), cancellationToken), $"Acking in '{queue}'");

    /// <summary>
    /// Acks up to <see cref="QueueTable.MaxBatchMessages"/> deliveries at once: one command (one
    /// commit) per partition they belong to. Each receipt is judged on its own: the answer holds, in
    /// the order given, <see cref="QueueErrorCode.None"/> for an acked one and
    /// <see cref="QueueErrorCode.ReceiptStale"/> for one whose delivery was over (nothing deleted for it).
    /// </summary>
    /// <exception cref="QueueException">The batch as a whole was refused (empty or too large, queue not found).</exception>
    public async Task<IReadOnlyList<QueueErrorCode>> AckBatchAsync(string queue, IReadOnlyList<QueueReceipt> receipts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count is 0 or > QueueTable.MaxBatchMessages)
        {
            throw new QueueException(QueueErrorCode.BatchTooLarge, $"A batch ack holds 1 to {QueueTable.MaxBatchMessages} receipts, not {receipts.Count}.");
        }

        var outcomes = new QueueErrorCode[receipts.Count];
        await Task.WhenAll(Enumerable.Range(0, receipts.Count).GroupBy(i => receipts[i].Partition).Select(async batch =>
        {
            var indexes = batch.ToArray();
            var answered = await AckPartitionAsync(queue, batch.Key, [.. indexes.Select(i => receipts[i])], cancellationToken);
            for (var j = 0; j < indexes.Length; j++)
            {
                outcomes[indexes[j]] = answered[j];
            }
        }));
        return outcomes;
    }

    /// <summary>Gives the message back, visible again after <paramref name="delay"/>, or dead-lettered if its deliveries are used up.</summary>
    public async Task NackAsync(string queue, QueueReceipt receipt, TimeSpan delay = default, CancellationToken cancellationToken = default) =>
        Check(await ProposeAsync(_map.GroupOf(queue, receipt.Partition), Encode(new NackCommand(queue, receipt, Milliseconds(delay))), cancellationToken), $"Nacking in '{queue}'");

    /// <summary>Hides the message for <paramref name="visibilityTimeout"/> from now (a heartbeat); answers when it becomes visible again (group time, ms).</summary>
    public async Task<long> ExtendAsync(string queue, QueueReceipt receipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        var command = Encode(new ExtendCommand(queue, receipt, Milliseconds(visibilityTimeout)));
        return Check(await ProposeAsync(_map.GroupOf(queue, receipt.Partition), command, cancellationToken), $"Extending in '{queue}'").VisibleUntilMs;
    }

    /// <summary>Moves every dead letter of the queue back to it (visible, same id, delivery count reset); answers how many moved.</summary>
    public Task<long> RedriveAsync(string queue, CancellationToken cancellationToken = default) =>
        EveryPartitionAsync(queue, partition => new RedriveCommand(queue, partition, QueueTable.MaxRedriveMessages), repeatWhileFull: true, "Redriving", cancellationToken);

    /// <summary>Deletes every message of the queue (visible, delayed, in flight), or with <paramref name="deadLetters"/> its dead letters; answers how many.</summary>
    public Task<long> PurgeAsync(string queue, bool deadLetters = false, CancellationToken cancellationToken = default) =>
        EveryPartitionAsync(queue, partition => new PurgeCommand(queue, partition, deadLetters), repeatWhileFull: false, "Purging", cancellationToken);

    /// <summary>
    /// The queue's stats summed over its partitions (each read linearizably): counts, totals, the
    /// oldest message's age over all partitions, and the latest group time seen as <see cref="QueueStats.NowMs"/>.
    /// </summary>
    public async Task<QueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken = default)
    {
        var options = await GetOptionsAsync(queue, cancellationToken);
        var partitions = await Task.WhenAll(Enumerable.Range(0, options.Partitions).Select(async partition =>
            QueueWireCodec.DecodeStats(await ReadAsync(_map.GroupOf(queue, partition), QueueWireCodec.EncodeStatsQuery(queue, partition), cancellationToken))
            ?? throw new QueueException(QueueErrorCode.QueueNotFound, $"Queue '{queue}' has no partition {partition}.")));
        return QueueStats.Sum(partitions);
    }

    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Acks through the client's per-partition coalescer: acks of several callers that finish while
    /// their partition's previous batch is in flight go out together (see <see cref="QueueAckCoalescer"/>).
    /// </summary>
    /// <exception cref="QueueException"><see cref="QueueErrorCode.ReceiptStale"/>, as <see cref="AckAsync"/>.</exception>
    internal async Task AckCoalescedAsync(string queue, QueueReceipt receipt)
    {
        var outcome = await _acks.AckAsync(queue, receipt);
        if (outcome != QueueErrorCode.None)
        {
            throw new QueueException(outcome, $"Acking in '{queue}': {QueueErrorCodes.ToWireCode(outcome)} (receipt {receipt})");
        }
    }

    internal QueueAckCoalescer AckCoalescer => _acks;

    private async Task<IReadOnlyList<QueueErrorCode>> AckPartitionAsync(string queue, int partition, IReadOnlyList<QueueReceipt> receipts, CancellationToken cancellationToken)
    {
        var command = Encode(new AckBatchCommand(queue, partition, receipts));
        var result = Check(await ProposeAsync(_map.GroupOf(queue, partition), command, cancellationToken), $"Acking a batch in '{queue}'");
        return result.Outcomes.Count == receipts.Count
            ? result.Outcomes
            : throw new QueueException(QueueErrorCode.InvalidArgument, $"A batch ack of {receipts.Count} receipts in '{queue}' answered {result.Outcomes.Count} outcomes.");
    }

    private static byte[] Encode(QueueCommand command) => QueueCommandCodec.Encode(command);

    private static OutgoingMessage ToOutgoing(MessageToSend message) =>
        new(message.Body ?? throw new ArgumentException("A message needs a body (it may be empty)."), message.Attributes ?? [], Milliseconds(message.Delay), message.DedupId);

    private static long Milliseconds(TimeSpan span) =>
        span >= TimeSpan.Zero ? (long)span.TotalMilliseconds : throw new QueueException(QueueErrorCode.InvalidArgument, $"A duration cannot be negative ({span}).");

    private static QueueResult Check(QueueResult result, string what) =>
        result.Status == QueueResultStatus.Failed
            ? throw new QueueException(result.Error, $"{what}: {result.Detail ?? QueueErrorCodes.ToWireCode(result.Error)}")
            : result;

    /// <summary>The distinct groups hosting partitions 0..<paramref name="partitions"/>-1 of <paramref name="queue"/>.</summary>
    private IEnumerable<int> GroupsOf(string queue, int partitions) =>
        Enumerable.Range(0, partitions).Select(p => _map.GroupOf(queue, p)).Distinct();

    private async Task<long> EveryPartitionAsync(
        string queue, Func<int, QueueCommand> commandFor, bool repeatWhileFull, string what, CancellationToken cancellationToken)
    {
        var options = await GetOptionsAsync(queue, cancellationToken);
        var counts = await Task.WhenAll(Enumerable.Range(0, options.Partitions).Select(async partition =>
        {
            var command = Encode(commandFor(partition));
            long total = 0;
            long moved;
            do
            {
                moved = Check(await ProposeAsync(_map.GroupOf(queue, partition), command, cancellationToken), $"{what} '{queue}'").Count;
                total += moved;
            }
            while (repeatWhileFull && moved >= QueueTable.MaxRedriveMessages);
            return total;
        }));
        return counts.Sum();
    }

    private async Task<QueueResult> ProposeAsync(int group, byte[] command, CancellationToken cancellationToken)
    {
        try
        {
            return QueueWireCodec.DecodeResult((await _channels[group].ProposeAsync(ServiceKind.Queues, command, cancellationToken)).Span);
        }
        catch (LockException exception)
        {
            // The channel is shared with the lock client and reports session-level refusals in its terms.
            throw new QueueException(QueueErrorCode.InvalidArgument, exception.Message, exception);
        }
    }

    private async Task<byte[]> ReadAsync(int group, byte[] query, CancellationToken cancellationToken)
    {
        try
        {
            return await _channels[group].ReadAsync(ServiceKind.Queues, query, cancellationToken);
        }
        catch (LockException exception)
        {
            throw new QueueException(QueueErrorCode.InvalidArgument, exception.Message, exception);
        }
    }
}
