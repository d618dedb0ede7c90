using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// One TCP connection to Redis, multiplexed and pipelined: any number of callers enqueue commands
/// into a bounded channel; a writer loop drains it in batches (one flush per batch) and records each
/// command in a FIFO of outstanding replies; a reader loop parses replies and completes them in that
/// order, which is the order Redis answers in. When anything fails the connection closes for good:
/// queued and outstanding commands fail with <see cref="RedisConnectionException"/> (never retried)
/// and <see cref="RedisConnectionManager"/> opens a new one.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private const int ReadBufferBytes = 64 * 1024;
    private const int MinimumReadBytes = 4 * 1024;
    private const int MinSweepPeriodMs = 5;
    private const int MaxSweepPeriodMs = 100;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly RespParser _parser;
    private readonly RedisOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Commands accepted from callers, not yet written; bounded by MaxPendingCommands.</summary>
    private readonly Channel<PendingCommand> _outgoing;

    /// <summary>Commands written whose replies have not arrived, in write order; bounded by <see cref="_inFlightSlots"/>.</summary>
    private readonly ConcurrentQueue<PendingCommand> _awaitingReply = new();

    /// <summary>One slot per outstanding reply (MaxInFlightCommands); the writer takes, the reader gives back.</summary>
    private readonly SemaphoreSlim _inFlightSlots;

    /// <summary>Commands without a reply written in the current batch; completed after the flush. Writer loop only.</summary>
    private readonly List<PendingCommand> _writtenWithoutReply = [];

    /// <summary>
    /// Every submitted command in submission order, for the timeout sweep; only the sweep dequeues.
    /// Its size is bounded by the commands submitted during one sweep period plus those outstanding.
    /// </summary>
    private readonly ConcurrentQueue<PendingCommand> _timeouts = new();

    /// <summary>Fires every sweep period to fail commands past their deadline (one timer per connection, not per command).</summary>
    private readonly ITimer _timeoutSweep;

    private readonly long _commandTimeoutTicks;

    /// <summary>1 while a sweep runs, so timer callbacks never overlap.</summary>
    private int _sweeping;

    /// <summary>Receives push frames (RESP3) and, in push mode, every reply.</summary>
    private readonly Func<RedisReply, CancellationToken, ValueTask> _onPush;

    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource<Exception> _closeReason = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _run;

    /// <summary>Why the connection closed; null while open. Set once, by <see cref="Fail"/>.</summary>
    private Exception? _failure;

    /// <summary>Set once the connection carries only pushes (a subscribed pub/sub connection); replies are then not matched to commands.</summary>
    private volatile bool _pushMode;

    private RedisConnection(Socket socket, RedisEndpoint endpoint, RedisOptions options, TimeProvider timeProvider, Func<RedisReply, CancellationToken, ValueTask> onPush)
    {
        _socket = socket;
        Endpoint = endpoint;
        _options = options;
        _timeProvider = timeProvider;
        _onPush = onPush;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: ReadBufferBytes, minimumReadSize: MinimumReadBytes, leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _parser = RespParser.FromOptions(options);
        _inFlightSlots = new SemaphoreSlim(options.MaxInFlightCommands, options.MaxInFlightCommands);
        _outgoing = Channel.CreateBounded<PendingCommand>(new BoundedChannelOptions(options.MaxPendingCommands)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _commandTimeoutTicks = (long)(options.CommandTimeoutMs * (timeProvider.TimestampFrequency / 1000.0));
        var sweepPeriod = TimeSpan.FromMilliseconds(Math.Clamp(options.CommandTimeoutMs / 10, MinSweepPeriodMs, MaxSweepPeriodMs));
        _timeoutSweep = timeProvider.CreateTimer(static state => ((RedisConnection)state!).SweepTimeouts(), this, sweepPeriod, sweepPeriod);
        _run = RunAsync();
    }

    public RedisEndpoint Endpoint { get; }

    public bool IsOpen => Volatile.Read(ref _failure) is null;

    /// <summary>Why the connection closed, or null while it is open.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Completes (never faults) once the connection is closed and every command it held has been failed.</summary>
    public Task Completion => _run;

    /// <summary>Why the connection closed; completes when it starts closing.</summary>
    public Task<Exception> CloseReason => _closeReason.Task;

    /// <summary>Opens the TCP connection within ConnectTimeoutMs; the handshake is the caller's job.</summary>
    public static async Task<RedisConnection> OpenAsync(
        RedisOptions options,
        RedisEndpoint endpoint,
        TimeProvider timeProvider,
        Func<RedisReply, CancellationToken, ValueTask> onPush,
        CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.ConnectTimeoutMs), timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(endpoint.Host, endpoint.Port), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RedisConnectionException($"connecting to {endpoint} timed out after ConnectTimeoutMs={options.ConnectTimeoutMs}");
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw new RedisConnectionException($"cannot connect to {endpoint}: {exception.Message}", exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RedisConnection(socket, endpoint, options, timeProvider, onPush);
    }

    /// <summary>From now on every reply is handed to the push handler (call only with no reply outstanding).</summary>
    public void EnterPushMode() => _pushMode = true;

    /// <summary>
    /// Sends a command and awaits its reply. The command fails with <see cref="RedisTimeoutException"/>
    /// once CommandTimeoutMs has passed since it was submitted (checked by the sweep timer, so up to
    /// one sweep period late), with cancellation when the token fires, and with
    /// <see cref="RedisConnectionException"/> when the connection closes first.
    /// </summary>
    public async Task<RedisReply> ExecuteAsync(IReadOnlyList<RedisValue> arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = new PendingCommand(arguments, expectsReply: !_pushMode)
        {
            DeadlineTimestamp = _timeProvider.GetTimestamp() + _commandTimeoutTicks,
        };
        if (!_outgoing.Writer.TryWrite(command))
        {
            await EnqueueWhenFullAsync(command, cancellationToken).ConfigureAwait(false);
        }

        _timeouts.Enqueue(command);
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((PendingCommand)state!).TrySetCanceled(token), command)
            : default;
        return await command.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new RedisConnectionException($"the connection to {Endpoint} was closed by this client"));
        await _run.ConfigureAwait(false);
    }

    /// <summary>The slow path: the queue is full, so wait for room within the command timeout.</summary>
    private async ValueTask EnqueueWhenFullAsync(PendingCommand command, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        using var timeoutSource = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.CommandTimeoutMs), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await _outgoing.Writer.WriteAsync(command, linked.Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            ThrowIfClosed();
            throw;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RedisTimeoutException($"{command.Name} on {Endpoint} waited CommandTimeoutMs={_options.CommandTimeoutMs} for room in the command queue (MaxPendingCommands={_options.MaxPendingCommands}); it was not sent");
        }
    }

    /// <summary>Fails commands whose deadline passed. Submission order is deadline order, so it stops at the first live command that is not yet due.</summary>
    private void SweepTimeouts()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            var now = _timeProvider.GetTimestamp();
            while (_timeouts.TryPeek(out var command))
            {
                if (!command.Task.IsCompleted)
                {
                    if (command.DeadlineTimestamp > now)
                    {
                        break;
                    }

                    command.TrySetException(new RedisTimeoutException(
                        $"{command.Name} on {Endpoint} got no reply within CommandTimeoutMs={_options.CommandTimeoutMs}; it may still be executed by the server"));
                }

                _timeouts.TryDequeue(out _);
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _failure) is { } reason)
        {
            throw new RedisConnectionException($"the connection to {Endpoint} is closed: {reason.Message}", reason);
        }
    }

    private async Task RunAsync()
    {
        await Task.WhenAll(ReadLoopAsync(), WriteLoopAsync()).ConfigureAwait(false);
        var reason = await _closeReason.Task.ConfigureAwait(false);
        await _timeoutSweep.DisposeAsync().ConfigureAwait(false);
        FailOutstanding(reason);
        _timeouts.Clear();
        await _input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _output.CompleteAsync().ConfigureAwait(false); // returns its buffers to the pool
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Completing tries to flush what the dead socket never took; those commands were already failed above.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _inFlightSlots.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var cancellationToken = _shutdown.Token;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (_parser.TryParse(ref buffer, out var reply))
                {
                    await DispatchAsync(reply, cancellationToken).ConfigureAwait(false);
                }

                var midReply = !buffer.IsEmpty;
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new RedisConnectionException(midReply
                        ? $"{Endpoint} closed the connection in the middle of a reply"
                        : $"{Endpoint} closed the connection");
                }
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    private ValueTask DispatchAsync(RedisReply reply, CancellationToken cancellationToken)
    {
        if (_pushMode || reply.Kind == RedisReplyKind.Push)
        {
            return _onPush(reply, cancellationToken);
        }

        if (!_awaitingReply.TryDequeue(out var command))
        {
            throw new RedisProtocolException($"{Endpoint} sent a reply that no command is waiting for: {reply}");
        }

        _inFlightSlots.Release();
        if (reply.Kind == RedisReplyKind.Error)
        {
            command.TrySetException(new RedisServerException(reply.AsString() ?? string.Empty));
        }
        else
        {
            command.TrySetResult(reply);
        }

        return ValueTask.CompletedTask;
    }

    private async Task WriteLoopAsync()
    {
        var cancellationToken = _shutdown.Token;
        PendingCommand? inHand = null;
        try
        {
            var reader = _outgoing.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var written = 0; written < _options.MaxBatchCommands && reader.TryRead(out inHand); written++)
                {
                    await WriteOneAsync(inHand, cancellationToken).ConfigureAwait(false);
                    inHand = null;
                }

                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            Fail(new RedisConnectionException($"the connection to {Endpoint} stopped accepting commands"));
        }
        catch (Exception exception)
        {
            Fail(exception);
            var notSent = new RedisConnectionException($"the connection to {Endpoint} closed before the command was sent", exception);
            inHand?.TrySetException(notSent);
            _writtenWithoutReply.ForEach(command => command.TrySetException(notSent));
        }
    }

    private async ValueTask WriteOneAsync(PendingCommand command, CancellationToken cancellationToken)
    {
        if (command.Task.IsCompleted)
        {
            return; // its caller gave up before it was sent: never send it
        }

        if (command.ExpectsReply)
        {
            if (!_inFlightSlots.Wait(0, CancellationToken.None))
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                await _inFlightSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (command.Task.IsCompleted)
                {
                    _inFlightSlots.Release();
                    return; // it timed out or was canceled while waiting for a slot: still never sent
                }
            }

            _awaitingReply.Enqueue(command);
        }
        else
        {
            _writtenWithoutReply.Add(command);
        }

        RespWriter.WriteCommand(_output, command.Arguments);
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var result = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted || result.IsCanceled)
        {
            throw new RedisConnectionException($"the connection to {Endpoint} stopped accepting writes");
        }

        foreach (var command in _writtenWithoutReply)
        {
            command.TrySetResult(RedisReply.Null);
        }

        _writtenWithoutReply.Clear();
    }

    private void Fail(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is not null)
        {
            return;
        }

        _closeReason.TrySetResult(reason);
        _outgoing.Writer.TryComplete();
        _shutdown.Cancel();
        _socket.Dispose();
    }

    private void FailOutstanding(Exception reason)
    {
        while (_awaitingReply.TryDequeue(out var command))
        {
            command.TrySetException(new RedisConnectionException(
                $"the connection to {Endpoint} was lost before the reply to {command.Name} arrived; the command may or may not have been executed ({reason.Message})",
                reason));
        }

        while (_outgoing.Reader.TryRead(out var command))
        {
            command.TrySetException(new RedisConnectionException(
                $"the connection to {Endpoint} was lost before {command.Name} was sent; it was not executed ({reason.Message})",
                reason));
        }
    }
}
