using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Activation;
using OrleansSync.Runtime.Invocation;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// One subscribed Redis channel on one silo: the local subscriptions to it, a bounded queue of
/// received items, and one pump that hands each item to every local subscription as an ordinary
/// turn and waits for those turns (bounded by DeliveryTimeoutMs) before taking the next item, so
/// each activation sees the channel's items in arrival order. A full queue drops the new item
/// (counted as queue_full, logged once per run of drops): a slow consumer never grows memory
/// beyond MaxQueuedMessagesPerChannel items, and never stalls the silo's other channels.
/// The subscription list is replaced, never mutated (changes come from the agent, under its gate).
/// </summary>
internal sealed partial class RedisStreamChannel
{
    private readonly string _providerName;
    private readonly RedisStreamOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RedisStreamMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<ReadOnlyMemory<byte>> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private RedisStreamSubscription[] _subscriptions = [];

    /// <summary>Items dropped since the last one that was queued; the first drop of a run is logged.</summary>
    private long _droppedInARow;

    public RedisStreamChannel(string name, string providerName, RedisStreamOptions options, TimeProvider timeProvider, RedisStreamMetrics metrics, ILogger logger)
    {
        Name = name;
        _providerName = providerName;
        _options = options;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _queue = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(options.MaxQueuedMessagesPerChannel)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Pump = PumpAsync();
    }

    public string Name { get; }

    /// <summary>The delivery loop; it never faults (failures are logged and counted) and ends after <see cref="Stop"/>.</summary>
    public Task Pump { get; }

    public bool IsEmpty => Volatile.Read(ref _subscriptions).Length == 0;

    public void Add(RedisStreamSubscription subscription) =>
        Volatile.Write(ref _subscriptions, [.. _subscriptions, subscription]);

    /// <summary>Removes the subscriptions matching <paramref name="match"/>; true if any was removed.</summary>
    public bool RemoveWhere(Func<RedisStreamSubscription, bool> match)
    {
        var remaining = _subscriptions.Where(s => !match(s)).ToArray();
        var removed = remaining.Length != _subscriptions.Length;
        Volatile.Write(ref _subscriptions, remaining);
        return removed;
    }

    public IReadOnlyList<Guid> SubscriptionsOf(GrainActivation activation) =>
        [.. Volatile.Read(ref _subscriptions).Where(s => s.Activation == activation).Select(s => s.SubscriptionId)];

    /// <summary>Ends the pump; items still queued are not delivered (nobody here subscribes any more).</summary>
    public void Stop()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
    }

    /// <summary>The <see cref="RedisSubscriber"/> handler: queue or drop, never wait (the subscriber's dispatch loop serves every channel).</summary>
    public Task OnMessageAsync(RedisPubSubMessage message, CancellationToken cancellationToken)
    {
        if (_queue.Writer.TryWrite(message.Payload))
        {
            Interlocked.Exchange(ref _droppedInARow, 0);
            return Task.CompletedTask;
        }

        _metrics.Dropped(_providerName, "queue_full");
        if (Interlocked.Increment(ref _droppedInARow) == 1)
        {
            LogQueueFull(_logger, _providerName, Name, _options.MaxQueuedMessagesPerChannel);
        }

        return Task.CompletedTask;
    }

    private async Task PumpAsync()
    {
        await Task.Yield();
        var cancellationToken = _stopping.Token;
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var subscriptions = Volatile.Read(ref _subscriptions);
                await Task.WhenAll(subscriptions.Select(s => DeliverAsync(s, item, cancellationToken))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the last local subscription went away or the silo is shutting down.
        }
    }

    /// <summary>One item to one activation; every outcome is counted, none is thrown.</summary>
    private async Task DeliverAsync(RedisStreamSubscription subscription, ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        var turn = subscription.Activation.TryEnqueueRequest(RedisStreamDelivery.CreateRequest(subscription, item), RedisStreamDelivery.Descriptor);
        if (turn is null)
        {
            // Deactivating: its subscriptions are being removed, and a new activation has none.
            _metrics.Dropped(_providerName, "activation_gone");
            return;
        }

        GrainCallResponse response;
        try
        {
            response = await turn.WaitAsync(TimeSpan.FromMilliseconds(_options.DeliveryTimeoutMs), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The turn stays queued and runs later, still before the items queued after it.
            LogDeliverySlow(_logger, _providerName, Name, subscription.Activation.GrainId.ToString(), _options.DeliveryTimeoutMs);
            return;
        }

        Count(subscription, response);
    }

    private void Count(RedisStreamSubscription subscription, GrainCallResponse response)
    {
        if (response.Status == ResponseStatus.Ok)
        {
            if (RedisStreamDelivery.HandlerRan(response))
            {
                _metrics.Delivered(_providerName);
            }

            return;
        }

        if (response.Error is GrainOverloadedException)
        {
            _metrics.Dropped(_providerName, "mailbox_full");
            LogMailboxFull(_logger, _providerName, Name, subscription.Activation.GrainId.ToString());
        }
        else if (response.Error is ActivationGoneException)
        {
            _metrics.Dropped(_providerName, "activation_gone");
        }
        else
        {
            _metrics.Dropped(_providerName, "handler_failed");
            LogHandlerFailed(_logger, response.Error, _providerName, Name, subscription.Activation.GrainId.ToString());
        }
    }
}
