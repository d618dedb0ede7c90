using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// Keeps one <see cref="RedisConnection"/> to an endpoint alive: opens it with the handshake
/// (HELLO/AUTH, SELECT, CLIENT SETNAME, PING), and when it closes, reconnects with exponential
/// backoff and jitter until disposed. While no connection is open, <see cref="GetConnection"/>
/// fails fast with <see cref="RedisConnectionException"/> rather than queueing commands for later.
/// </summary>
internal sealed partial class RedisConnectionManager : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly RedisEndpoint _endpoint;
    private readonly string _role;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RedisBackoff _backoff;
    private readonly Func<RedisReply, CancellationToken, ValueTask> _onPush;
    private readonly Func<RedisConnection, CancellationToken, Task>? _onConnected;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _gate = new();

    /// <summary>The open connection, or null between a disconnect and the next successful reconnect. Guarded by <see cref="_gate"/>.</summary>
    private RedisConnection? _current;

    /// <summary>Completed when a connection is published; replaced (under <see cref="_gate"/>) when it is lost.</summary>
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private volatile Exception? _lastError;
    private int _reconnectAttempt;
    private Task _maintain = Task.CompletedTask;

    /// <summary>
    /// <c>role</c> ("commands" or "pubsub") names the connection in logs and errors; <c>onPush</c> receives
    /// push frames (null logs and drops them); <c>onConnected</c> runs after the handshake on every
    /// (re)connect, before the connection is used (e.g. to resubscribe).
    /// </summary>
    public RedisConnectionManager(
        RedisOptions options,
        string role,
        TimeProvider timeProvider,
        ILogger logger,
        Random reconnectJitter,
        Func<RedisReply, CancellationToken, ValueTask>? onPush,
        Func<RedisConnection, CancellationToken, Task>? onConnected)
    {
        options.ThrowIfInvalid();
        _options = options;
        _endpoint = options.GetEndpoint();
        _role = role;
        _timeProvider = timeProvider;
        _logger = logger;
        _backoff = new RedisBackoff(options.ReconnectInitialDelayMs, options.ReconnectMaxDelayMs, reconnectJitter);
        _onPush = onPush ?? DropPush;
        _onConnected = onConnected;
    }

    public RedisEndpoint Endpoint => _endpoint;

    public bool IsConnected => Volatile.Read(ref _current) is { IsOpen: true };

    /// <summary>Opens the first connection; throws (typed) if that fails. Afterwards the manager reconnects by itself.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        Publish(connection);
        LogConnected(_logger, _role, _endpoint.ToString(), _options.Database);
        _maintain = MaintainAsync(connection);
    }

    /// <summary>The open connection, or a <see cref="RedisConnectionException"/> saying why there is none.</summary>
    public RedisConnection GetConnection()
    {
        var connection = Volatile.Read(ref _current);
        if (connection is { IsOpen: true })
        {
            return connection;
        }

        if (_disposing.IsCancellationRequested)
        {
            throw new RedisConnectionException($"the Redis {_role} client for {_endpoint} has been disposed");
        }

        var lastError = _lastError ?? connection?.Failure;
        throw new RedisConnectionException(
            $"not connected to {_endpoint} ({_role}); reconnecting, attempt {Volatile.Read(ref _reconnectAttempt)}; last error: {lastError?.Message ?? "connection lost"}",
            lastError);
    }

    /// <summary>Completes when a connection is open (immediately if one is).</summary>
    public async Task WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task connected;
            lock (_gate)
            {
                if (_current is { IsOpen: true })
                {
                    return;
                }

                if (_disposing.IsCancellationRequested)
                {
                    throw new RedisConnectionException($"the Redis {_role} client for {_endpoint} has been disposed");
                }

                if (_current is not null)
                {
                    MarkDisconnectedLocked();
                }

                connected = _connected.Task;
            }

            await connected.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        _disposing.Cancel();
        RedisConnection? connection;
        lock (_gate)
        {
            connection = _current;
            _current = null;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        await _maintain.ConfigureAwait(false);
        _disposing.Dispose();
    }

    private async Task MaintainAsync(RedisConnection connection)
    {
        try
        {
            while (true)
            {
                await connection.Completion.ConfigureAwait(false);
                if (_disposing.IsCancellationRequested)
                {
                    return;
                }

                var reason = await connection.CloseReason.ConfigureAwait(false);
                _lastError = reason;
                lock (_gate)
                {
                    if (ReferenceEquals(_current, connection))
                    {
                        MarkDisconnectedLocked();
                    }
                }

                LogDisconnected(_logger, _role, _endpoint.ToString(), reason.Message, reason);
                var next = await ReconnectAsync().ConfigureAwait(false);
                if (next is null)
                {
                    return;
                }

                connection = next;
            }
        }
        catch (Exception exception)
        {
            LogMaintenanceFailed(_logger, _role, _endpoint.ToString(), exception);
            throw;
        }
    }

    /// <summary>Retries with backoff until a connection is open (returned) or the manager is disposed (null).</summary>
    private async Task<RedisConnection?> ReconnectAsync()
    {
        for (var attempt = 0; !_disposing.IsCancellationRequested; attempt++)
        {
            Volatile.Write(ref _reconnectAttempt, attempt + 1);
            var delay = _backoff.NextDelay(attempt);
            try
            {
                await Task.Delay(delay, _timeProvider, _disposing.Token).ConfigureAwait(false);
                var connection = await ConnectAsync(_disposing.Token).ConfigureAwait(false);
                if (!Publish(connection))
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return null;
                }

                _lastError = null;
                LogReconnected(_logger, _role, _endpoint.ToString(), attempt + 1);
                return connection;
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception exception)
            {
                _lastError = exception;
                LogReconnectFailed(_logger, _role, _endpoint.ToString(), attempt + 1, (long)delay.TotalMilliseconds, exception.Message);
            }
        }

        return null;
    }

    /// <summary>Opens a connection and runs the handshake and <c>onConnected</c> within ConnectTimeoutMs.</summary>
    private async Task<RedisConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = await RedisConnection.OpenAsync(_options, _endpoint, _timeProvider, _onPush, cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await HandshakeAsync(connection, linked.Token).ConfigureAwait(false);
            if (_onConnected is not null)
            {
                await _onConnected(connection, linked.Token).ConfigureAwait(false);
            }

            return connection;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new RedisConnectionException($"the handshake with {_endpoint} did not complete within ConnectTimeoutMs={_options.ConnectTimeoutMs}");
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Pipelines the handshake commands; the first error (e.g. WRONGPASS from AUTH) is thrown.</summary>
    private async Task HandshakeAsync(RedisConnection connection, CancellationToken cancellationToken)
    {
        var replies = new List<Task<RedisReply>>();
        foreach (var command in BuildHandshake())
        {
            replies.Add(connection.ExecuteAsync(command, cancellationToken));
        }

        await Task.WhenAll(replies).ConfigureAwait(false);
    }

    private List<RedisValue[]> BuildHandshake()
    {
        var commands = new List<RedisValue[]>();
        if (_options.ProtocolVersion == 3)
        {
            var hello = new List<RedisValue> { "HELLO", "3" };
            if (_options.Password is { } password)
            {
                hello.AddRange(["AUTH", _options.User ?? "default", password]);
            }

            commands.Add([.. hello]);
        }
        else if (_options.Password is { } password)
        {
            commands.Add(_options.User is { } user ? ["AUTH", user, password] : ["AUTH", password]);
        }

        if (_options.ClientName is { } clientName)
        {
            commands.Add(["CLIENT", "SETNAME", clientName]);
        }

        if (_options.Database != 0)
        {
            commands.Add(["SELECT", _options.Database]);
        }

        commands.Add(["PING"]);
        return commands;
    }

    /// <summary>Makes a connection current; false if the manager was disposed meanwhile.</summary>
    private bool Publish(RedisConnection connection)
    {
        lock (_gate)
        {
            if (_disposing.IsCancellationRequested)
            {
                return false;
            }

            _current = connection;
            _reconnectAttempt = 0;
            _connected.TrySetResult();
            return true;
        }
    }

    private void MarkDisconnectedLocked()
    {
        _current = null;
        if (_connected.Task.IsCompleted)
        {
            _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private ValueTask DropPush(RedisReply reply, CancellationToken cancellationToken)
    {
        LogPushDropped(_logger, _role, _endpoint.ToString(), reply.Kind);
        return ValueTask.CompletedTask;
    }
}
