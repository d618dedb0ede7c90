using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// Pub/sub on its own connection (a subscribed RESP2 connection can carry nothing else). Messages go
/// through a bounded buffer to one dispatch loop that calls the handler registered for the channel
/// or pattern, one message at a time, in arrival order. When the buffer is full, reading from the
/// socket pauses (Redis then buffers, up to its client-output-buffer-limit for pub/sub).
/// After a reconnect every channel and pattern is subscribed again before the connection is used.
/// Delivery is at-most-once: messages published while disconnected are lost, as in Redis itself.
/// A handler that throws is logged and does not stop delivery.
/// </summary>
public sealed partial class RedisSubscriber : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RedisConnectionManager _manager;
    private readonly Channel<RedisPubSubMessage> _messages;
    private readonly ConcurrentDictionary<string, Func<RedisPubSubMessage, CancellationToken, Task>> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<RedisPubSubMessage, CancellationToken, Task>> _patterns = new(StringComparer.Ordinal);

    /// <summary>Waiters for the server's confirmation of a (p)(un)subscribe, keyed by kind and name.</summary>
    private readonly ConcurrentDictionary<(string Kind, string Name), TaskCompletionSource> _confirmations = new();

    private readonly CancellationTokenSource _disposing = new();
    private Task _dispatch = Task.CompletedTask;

    private RedisSubscriber(RedisOptions options, TimeProvider timeProvider, ILogger logger, Random reconnectJitter)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _messages = Channel.CreateBounded<RedisPubSubMessage>(new BoundedChannelOptions(options.MaxPubSubBufferedMessages)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _manager = new RedisConnectionManager(options, "pubsub", timeProvider, logger, reconnectJitter, OnPushAsync, OnConnectedAsync);
    }

    public bool IsConnected => _manager.IsConnected;

    /// <summary>Raised after every (re)connect once all channels and patterns are subscribed again (tests wait on it).</summary>
    internal event Action? Resubscribed;

    /// <summary>Opens the pub/sub connection (authenticated, database selected); fails typed like <see cref="RedisClient.ConnectAsync"/>.</summary>
    public static async Task<RedisSubscriber> ConnectAsync(
        RedisOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        Random? reconnectJitter = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var subscriber = new RedisSubscriber(
            options,
            timeProvider ?? TimeProvider.System,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RedisSubscriber>(),
            reconnectJitter ?? new Random(Environment.ProcessId ^ Environment.TickCount));
        try
        {
            await subscriber._manager.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        subscriber._dispatch = subscriber.DispatchLoopAsync();
        return subscriber;
    }

    /// <summary>Completes when the connection is open and every subscription is in place again.</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken) => _manager.WaitUntilConnectedAsync(cancellationToken);

    /// <summary><c>SUBSCRIBE channel</c>; completes once the server confirmed it. One handler per channel.</summary>
    public Task SubscribeAsync(string channel, Func<RedisPubSubMessage, CancellationToken, Task> handler, CancellationToken cancellationToken = default) =>
        SubscribeCoreAsync("SUBSCRIBE", _channels, channel, handler, cancellationToken);

    /// <summary><c>PSUBSCRIBE pattern</c> (glob-style); completes once the server confirmed it. One handler per pattern.</summary>
    public Task SubscribePatternAsync(string pattern, Func<RedisPubSubMessage, CancellationToken, Task> handler, CancellationToken cancellationToken = default) =>
        SubscribeCoreAsync("PSUBSCRIBE", _patterns, pattern, handler, cancellationToken);

    /// <summary><c>UNSUBSCRIBE channel</c>; completes once the server confirmed it.</summary>
    public Task UnsubscribeAsync(string channel, CancellationToken cancellationToken = default) =>
        UnsubscribeCoreAsync("UNSUBSCRIBE", _channels, channel, cancellationToken);

    /// <summary><c>PUNSUBSCRIBE pattern</c>; completes once the server confirmed it.</summary>
    public Task UnsubscribePatternAsync(string pattern, CancellationToken cancellationToken = default) =>
        UnsubscribeCoreAsync("PUNSUBSCRIBE", _patterns, pattern, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        _disposing.Cancel();
        await _manager.DisposeAsync().ConfigureAwait(false);
        _messages.Writer.TryComplete();
        await _dispatch.ConfigureAwait(false);
        _disposing.Dispose();
    }

    private async Task SubscribeCoreAsync(
        string command,
        ConcurrentDictionary<string, Func<RedisPubSubMessage, CancellationToken, Task>> registry,
        string name,
        Func<RedisPubSubMessage, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        if (!registry.TryAdd(name, handler))
        {
            throw new InvalidOperationException($"already subscribed to '{name}'; unsubscribe first");
        }

        try
        {
            await SendAndConfirmAsync(_manager.GetConnection(), command, [name], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            registry.TryRemove(name, out _);
            throw;
        }
    }

    private async Task UnsubscribeCoreAsync(
        string command,
        ConcurrentDictionary<string, Func<RedisPubSubMessage, CancellationToken, Task>> registry,
        string name,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (registry.TryRemove(name, out _))
        {
            await SendAndConfirmAsync(_manager.GetConnection(), command, [name], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the command and waits, within CommandTimeoutMs, for one confirmation per name (or the connection to close).</summary>
    private async Task SendAndConfirmAsync(RedisConnection connection, string command, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var kind = command.ToLowerInvariant();
        var confirmations = names
            .Select(name => _confirmations.GetOrAdd((kind, name), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task)
            .ToList();
        var arguments = new List<RedisValue>(names.Count + 1) { command };
        arguments.AddRange(names.Select(name => (RedisValue)name));
        await connection.ExecuteAsync(arguments, cancellationToken).ConfigureAwait(false);

        var confirmed = Task.WhenAll(confirmations);
        Task first;
        try
        {
            first = await Task.WhenAny(confirmed, connection.CloseReason)
                .WaitAsync(TimeSpan.FromMilliseconds(_options.CommandTimeoutMs), _timeProvider, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RedisTimeoutException($"{command} on {connection.Endpoint} was not confirmed within CommandTimeoutMs={_options.CommandTimeoutMs}");
        }

        if (first != confirmed)
        {
            throw new RedisConnectionException($"the pub/sub connection to {connection.Endpoint} closed before {command} was confirmed", connection.Failure);
        }

        await confirmed.ConfigureAwait(false);
    }

    /// <summary>Runs on every (re)connect after the handshake: switch to push mode and subscribe again to everything.</summary>
    private async Task OnConnectedAsync(RedisConnection connection, CancellationToken cancellationToken)
    {
        connection.EnterPushMode();
        var channels = _channels.Keys.ToList();
        var patterns = _patterns.Keys.ToList();
        if (channels.Count > 0)
        {
            await SendAndConfirmAsync(connection, "SUBSCRIBE", channels, cancellationToken).ConfigureAwait(false);
        }

        if (patterns.Count > 0)
        {
            await SendAndConfirmAsync(connection, "PSUBSCRIBE", patterns, cancellationToken).ConfigureAwait(false);
        }

        if (channels.Count + patterns.Count > 0)
        {
            LogResubscribed(_logger, connection.Endpoint.ToString(), channels.Count, patterns.Count);
        }

        Resubscribed?.Invoke();
    }

    private async ValueTask OnPushAsync(RedisReply reply, CancellationToken cancellationToken)
    {
        if (reply.Kind == RedisReplyKind.Error)
        {
            FailConfirmations(new RedisServerException(reply.AsString() ?? string.Empty));
            return;
        }

        var elements = reply.Kind is RedisReplyKind.Array or RedisReplyKind.Push ? reply.Elements : [];
        var kind = elements.Count > 0 && elements[0].Kind is RedisReplyKind.BulkString or RedisReplyKind.SimpleString
            ? elements[0].AsString()
            : null;
        switch (kind, elements.Count)
        {
            case ("message", 3):
                await _messages.Writer.WriteAsync(new RedisPubSubMessage(elements[1].AsString() ?? string.Empty, elements[2].Bytes, null), cancellationToken).ConfigureAwait(false);
                break;
            case ("pmessage", 4):
                await _messages.Writer.WriteAsync(new RedisPubSubMessage(elements[2].AsString() ?? string.Empty, elements[3].Bytes, elements[1].AsString()), cancellationToken).ConfigureAwait(false);
                break;
            case ("subscribe" or "psubscribe" or "unsubscribe" or "punsubscribe", 3):
                if (elements[1].AsString() is { } name && _confirmations.TryRemove((kind, name), out var confirmation))
                {
                    confirmation.TrySetResult();
                }

                break;
            case ("pong", _):
                break;
            default:
                LogUnexpectedPush(_logger, reply.ToString());
                break;
        }
    }

    private void FailConfirmations(RedisServerException error)
    {
        LogServerError(_logger, error.ServerMessage);
        foreach (var key in _confirmations.Keys)
        {
            if (_confirmations.TryRemove(key, out var confirmation))
            {
                confirmation.TrySetException(error);
            }
        }
    }

    private async Task DispatchLoopAsync()
    {
        var cancellationToken = _disposing.Token;
        try
        {
            await foreach (var message in _messages.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposal stops delivery; undelivered messages are dropped, as documented.
        }
    }

    private async Task DeliverAsync(RedisPubSubMessage message, CancellationToken cancellationToken)
    {
        var handler = message.Pattern is null ? _channels.GetValueOrDefault(message.Channel) : _patterns.GetValueOrDefault(message.Pattern);
        if (handler is null)
        {
            LogNoHandler(_logger, message.Pattern ?? message.Channel);
            return;
        }

        try
        {
            await handler(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogHandlerFailed(_logger, message.Channel, exception);
        }
    }
}
