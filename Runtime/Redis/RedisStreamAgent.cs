using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansSync.Runtime.Activation;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// One Redis stream provider in one host. Publishing uses a command connection (connected on first
/// use). On a silo, subscribing uses one <see cref="RedisSubscriber"/> (connected on first use): a
/// channel is subscribed in Redis while at least one local activation has a handler on it, and
/// unsubscribed when the last one unsubscribes or deactivates. The subscriber re-subscribes every
/// channel after a reconnect. Changes to subscriptions are serialized by <see cref="_gate"/>.
/// </summary>
internal sealed partial class RedisStreamAgent : IAsyncDisposable
{
    private readonly string _providerName;
    private readonly RedisStreamOptions _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly RedisStreamMetrics _metrics;
    private readonly RedisClientProvider _publisher;

    /// <summary>Serializes subscription changes (and the subscriber's first connect).</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Subscribed channels; read anywhere, changed under <see cref="_gate"/>.</summary>
    private readonly ConcurrentDictionary<string, RedisStreamChannel> _channels = new(StringComparer.Ordinal);

    /// <summary>Activations whose end is being watched (under <see cref="_gate"/>).</summary>
    private readonly HashSet<GrainActivation> _watched = [];

    private readonly CancellationTokenSource _disposing = new();
    private RedisSubscriber? _subscriber;

    public RedisStreamAgent(string providerName, RedisStreamOptions options, RedisStreamMetrics metrics, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerName);
        ArgumentNullException.ThrowIfNull(options);
        _providerName = providerName;
        _options = options;
        _metrics = metrics;
        _loggerFactory = loggerFactory;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RedisStreamAgent>();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _publisher = new RedisClientProvider(options.Redis, loggerFactory, _timeProvider);
    }

    /// <summary>Raised (under the gate) after a channel was unsubscribed because its last local subscription went away.</summary>
    internal event Action<string>? ChannelUnsubscribed;

    public string ProviderName => _providerName;

    public RedisStreamOptions Options => _options;

    /// <summary>The pub/sub connection, once a local activation subscribed.</summary>
    internal RedisSubscriber? Subscriber => Volatile.Read(ref _subscriber);

    /// <summary>The channels this silo subscribes to now.</summary>
    internal IReadOnlyCollection<string> SubscribedChannels => [.. _channels.Keys];

    /// <summary><c>PUBLISH</c>; completes once Redis accepted the item (whoever subscribes, if anyone).</summary>
    public async Task PublishAsync(string channel, byte[] item)
    {
        if (item.Length > _options.MaxMessageBytes)
        {
            throw new ArgumentException(
                $"The stream item encodes to {item.Length} bytes, more than MaxMessageBytes={_options.MaxMessageBytes} of Redis stream provider '{_providerName}'.",
                nameof(item));
        }

        var client = await _publisher.GetAsync(_disposing.Token).ConfigureAwait(false);
        await client.PublishAsync(channel, item, _disposing.Token).ConfigureAwait(false);
        _metrics.Published(_providerName);
    }

    /// <summary>Adds a local subscription; the first one of a channel subscribes it in Redis (and fails, typed, if Redis is unreachable).</summary>
    public async Task SubscribeAsync(string channel, RedisStreamSubscription subscription)
    {
        await EnterGateAsync().ConfigureAwait(false);
        try
        {
            if (!_channels.TryGetValue(channel, out var entry))
            {
                var subscriber = await GetSubscriberAsync().ConfigureAwait(false);
                entry = new RedisStreamChannel(channel, _providerName, _options, _timeProvider, _metrics, _logger);
                try
                {
                    await subscriber.SubscribeAsync(channel, entry.OnMessageAsync, _disposing.Token).ConfigureAwait(false);
                }
                catch
                {
                    entry.Stop();
                    throw;
                }

                _channels[channel] = entry;
            }

            entry.Add(subscription);
            if (_watched.Add(subscription.Activation))
            {
                _ = ForgetWhenDeactivatedAsync(subscription.Activation);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes one local subscription; the last one of a channel unsubscribes it in Redis.</summary>
    public async Task UnsubscribeAsync(string channel, GrainActivation activation, Guid subscriptionId)
    {
        await EnterGateAsync().ConfigureAwait(false);
        try
        {
            if (_channels.TryGetValue(channel, out var entry)
                && entry.RemoveWhere(s => s.Activation == activation && s.SubscriptionId == subscriptionId))
            {
                await ReleaseIfEmptyAsync(entry).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The subscription ids <paramref name="activation"/> holds on <paramref name="channel"/>.</summary>
    public IReadOnlyList<Guid> GetSubscriptions(string channel, GrainActivation activation) =>
        _channels.TryGetValue(channel, out var entry) ? entry.SubscriptionsOf(activation) : [];

    /// <summary>Completes when the pub/sub connection (if any) is up with every channel subscribed again, and the publishing connection is up.</summary>
    public async Task WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        var client = await _publisher.GetAsync(cancellationToken).ConfigureAwait(false);
        await client.WaitUntilConnectedAsync(cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _subscriber) is { } subscriber)
        {
            await subscriber.WaitUntilConnectedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        _disposing.Cancel();
        var channels = _channels.Values.ToList();
        _channels.Clear();
        foreach (var channel in channels)
        {
            channel.Stop();
        }

        await Task.WhenAll(channels.Select(c => c.Pump)).ConfigureAwait(false);
        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync().ConfigureAwait(false);
        }

        await _publisher.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Bounded wait for the gate: holders spend at most a connect and a command each.</summary>
    private async Task EnterGateAsync()
    {
        var limitMs = _options.Redis.ConnectTimeoutMs + (2 * _options.Redis.CommandTimeoutMs);
        if (!await _gate.WaitAsync(TimeSpan.FromMilliseconds(limitMs), _disposing.Token).ConfigureAwait(false))
        {
            throw new RedisTimeoutException(
                $"Redis stream provider '{_providerName}': subscription changes waited more than {limitMs} ms behind others (Redis slow or unreachable)");
        }
    }

    /// <summary>Caller holds the gate.</summary>
    private async Task<RedisSubscriber> GetSubscriberAsync()
    {
        _subscriber ??= await RedisSubscriber.ConnectAsync(_options.Redis, _loggerFactory, _timeProvider, cancellationToken: _disposing.Token).ConfigureAwait(false);
        return _subscriber;
    }

    /// <summary>Caller holds the gate. An empty channel stops and is unsubscribed in Redis.</summary>
    private async Task ReleaseIfEmptyAsync(RedisStreamChannel entry)
    {
        if (!entry.IsEmpty)
        {
            return;
        }

        _channels.TryRemove(entry.Name, out _);
        entry.Stop();
        try
        {
            await _subscriber!.UnsubscribeAsync(entry.Name, _disposing.Token).ConfigureAwait(false);
        }
        catch (RedisException exception)
        {
            // The subscriber forgot the channel before sending, so it is not subscribed again after a
            // reconnect; a message still in flight finds no handler and is dropped. Nothing to retry.
            LogUnsubscribeFailed(_logger, exception, _providerName, entry.Name);
        }

        ChannelUnsubscribed?.Invoke(entry.Name);
    }

    /// <summary>An activation's subscriptions end with it (they are activation-local, not durable).</summary>
    private async Task ForgetWhenDeactivatedAsync(GrainActivation activation)
    {
        try
        {
            await activation.Deactivated.WaitAsync(_disposing.Token).ConfigureAwait(false);
            await EnterGateAsync().ConfigureAwait(false);
            try
            {
                _watched.Remove(activation);
                foreach (var entry in _channels.Values.ToList())
                {
                    if (entry.RemoveWhere(s => s.Activation == activation))
                    {
                        await ReleaseIfEmptyAsync(entry).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            // The host is shutting down: every channel is released by DisposeAsync.
        }
        catch (Exception exception)
        {
            LogForgetFailed(_logger, exception, _providerName, activation.GrainId.ToString());
        }
    }
}
