using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// One authenticated, multiplexed connection (after the handshake): a read loop that dispatches
/// frames, a single writer guarded by a lock, and the table of requests awaiting responses.
/// Closing it (for any reason) fails every pending request with <see cref="ConnectionLostException"/>.
/// </summary>
internal sealed partial class Connection
{
    private const int MaxErrorMessageChars = 16 * 1024;
    private static long _lastConnectionId;

    /// <summary>The transport (socket, or TLS over it); disposing it aborts pending reads and writes.</summary>
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;

    /// <summary>One frame at a time goes into <see cref="_writer"/>.</summary>
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Bounds <see cref="_pending"/> to <see cref="MessagingOptions.MaxPendingRequests"/>.</summary>
    private readonly SemaphoreSlim _pendingSlots;

    /// <summary>Bounds concurrently running inbound handlers; the read loop waits for a slot (backpressure).</summary>
    private readonly SemaphoreSlim _inboundSlots;

    /// <summary>Requests (and pings) sent on this connection that await their answer, by correlation id.</summary>
    private readonly ConcurrentDictionary<long, TaskCompletionSource<byte[]>> _pending = new();

    /// <summary>Cancelled when the connection closes; handlers and writes observe it.</summary>
    private readonly CancellationTokenSource _closing = new();
    private readonly MessagingOptions _options;
    private readonly IInboundMessageHandler _handler;
    private readonly ILogger _logger;
    private readonly Action<Connection> _onClosed;
    private long _lastCorrelationId;
    private int _closed;
    private bool _writerCompleted;
    private Task _readLoop = Task.CompletedTask;

    public Connection(
        Stream stream,
        PipeReader reader,
        PipeWriter writer,
        Func<long, RemoteEndpointInfo> remote,
        MessagingOptions options,
        IInboundMessageHandler handler,
        ILogger logger,
        Action<Connection> onClosed)
    {
        Id = Interlocked.Increment(ref _lastConnectionId);
        _stream = stream;
        _reader = reader;
        _writer = writer;
        _options = options;
        _handler = handler;
        _logger = logger;
        _onClosed = onClosed;
        _pendingSlots = new SemaphoreSlim(options.MaxPendingRequests, options.MaxPendingRequests);
        _inboundSlots = new SemaphoreSlim(options.MaxConcurrentInboundRequests, options.MaxConcurrentInboundRequests);
        Remote = remote(Id);
    }

    /// <summary>Process-local id, for logs.</summary>
    public long Id { get; }

    /// <summary>The authenticated remote side.</summary>
    public RemoteEndpointInfo Remote { get; }

    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    /// <summary>Completes when the read loop has ended (the connection is closed).</summary>
    public Task Completion => _readLoop;

    /// <summary>Number of requests awaiting an answer (for tests and metrics).</summary>
    public int PendingCount => _pending.Count;

    public void Start() => _readLoop = ReadLoopAsync();

    /// <summary>Sends a request (or ping) and waits for its answer; the token carries the caller's timeout.</summary>
    public async Task<byte[]> RequestAsync(FrameKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        await _pendingSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var id = Interlocked.Increment(ref _lastCorrelationId);
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            // Close() sets _closed before failing the table, so a request registered concurrently is caught here.
            ThrowIfClosed();
            await WriteFrameAsync(kind, id, payload, cancellationToken).ConfigureAwait(false);
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
            _pendingSlots.Release();
        }
    }

    public Task SendOneWayAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        WriteFrameAsync(FrameKind.OneWay, 0, payload, cancellationToken);

    /// <summary>Closes the connection once; later calls do nothing. Safe from any thread.</summary>
    public void Close(string reason, Exception? error = null)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        LogClosed(Id, Remote, reason);
        _closing.Cancel();
        _stream.Dispose();
        var lost = new ConnectionLostException($"Connection {Id} to {Remote} closed: {reason}", error);
        foreach (var pending in _pending)
        {
            pending.Value.TrySetException(lost);
        }

        _onClosed(this);
    }

    public async Task DisposeAsync(string reason)
    {
        Close(reason);
        await _readLoop.ConfigureAwait(false);
    }

    private void ThrowIfClosed()
    {
        if (!IsOpen)
        {
            throw new ConnectionLostException($"Connection {Id} to {Remote} is closed.");
        }
    }

    private async Task WriteFrameAsync(FrameKind kind, long correlationId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writerCompleted || !IsOpen)
            {
                throw new ConnectionLostException($"Connection {Id} to {Remote} is closed.");
            }

            FrameCodec.Write(_writer, kind, correlationId, payload.Span);

            // The flush observes only the connection's token: abandoning it half-way would corrupt the stream.
            var flush = await _writer.FlushAsync(_closing.Token).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw new ConnectionLostException($"Connection {Id} to {Remote}: the remote side stopped reading.");
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException || (ex is OperationCanceledException && _closing.IsCancellationRequested))
        {
            Close($"write failed: {ex.Message}", ex);
            throw new ConnectionLostException($"Connection {Id} to {Remote} closed while writing.", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        await Task.Yield();
        var reason = "the remote side closed the connection";
        Exception? error = null;
        try
        {
            await ReadFramesAsync().ConfigureAwait(false);
        }
        catch (MalformedFrameException ex)
        {
            LogMalformedFrame(Id, Remote, ex.Message);
            (reason, error) = ($"malformed frame: {ex.Message}", ex);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            reason = "closed locally";
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or ConnectionLostException)
        {
            (reason, error) = ($"I/O error: {ex.Message}", ex);
        }
        catch (Exception ex)
        {
            LogReadLoopFailed(Id, Remote, ex);
            (reason, error) = ($"unexpected error: {ex.Message}", ex);
        }
        finally
        {
            Close(reason, error);
            await _reader.CompleteAsync().ConfigureAwait(false);
            await CompleteWriterAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadFramesAsync()
    {
        while (true)
        {
            var result = await _reader.ReadAsync(_closing.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (FrameCodec.TryRead(ref buffer, _options.MaxFrameBytes, out var header, out var payload))
                {
                    await DispatchAsync(header, payload).ConfigureAwait(false);
                }
            }
            finally
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task DispatchAsync(FrameHeader header, byte[] payload)
    {
        switch (header.Kind)
        {
            case FrameKind.Response or FrameKind.Pong:
                Complete(header.CorrelationId, payload, null);
                break;
            case FrameKind.ErrorResponse:
                Complete(header.CorrelationId, payload, DecodeError(payload));
                break;
            case FrameKind.Ping:
                await WriteFrameAsync(FrameKind.Pong, header.CorrelationId, ReadOnlyMemory<byte>.Empty, _closing.Token).ConfigureAwait(false);
                break;
            case FrameKind.Request or FrameKind.OneWay:
                await _inboundSlots.WaitAsync(_closing.Token).ConfigureAwait(false);
                _ = RunInboundAsync(header, payload);
                break;
            default:
                throw new MalformedFrameException($"unexpected {header.Kind} frame after the handshake");
        }
    }

    private void Complete(long correlationId, byte[] payload, Exception? error)
    {
        if (!_pending.TryGetValue(correlationId, out var answer))
        {
            // The caller timed out or was cancelled; the answer arrived too late.
            LogLateAnswer(Id, Remote, correlationId);
            return;
        }

        if (error is null)
        {
            answer.TrySetResult(payload);
        }
        else
        {
            answer.TrySetException(error);
        }
    }

    /// <summary>Runs one inbound request or one-way message; owns one inbound slot and releases it.</summary>
    private async Task RunInboundAsync(FrameHeader header, byte[] payload)
    {
        try
        {
            if (header.Kind == FrameKind.OneWay)
            {
                await _handler.HandleOneWayAsync(Remote, payload, _closing.Token).ConfigureAwait(false);
                return;
            }

            var (kind, response) = await InvokeHandlerAsync(header.CorrelationId, payload).ConfigureAwait(false);
            await WriteFrameAsync(kind, header.CorrelationId, response, _closing.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsOpen)
        {
            LogInboundDroppedOnClose(Id, Remote, header.Kind, ex.Message);
        }
        catch (Exception ex)
        {
            LogInboundFailed(Id, Remote, header.Kind, ex);
        }
        finally
        {
            _inboundSlots.Release();
        }
    }

    private async Task<(FrameKind Kind, ReadOnlyMemory<byte> Payload)> InvokeHandlerAsync(long correlationId, byte[] payload)
    {
        try
        {
            var response = await _handler.HandleRequestAsync(Remote, payload, _closing.Token).ConfigureAwait(false);
            if (response.Length > _options.MaxFrameBytes)
            {
                var tooLarge = new PayloadTooLargeException(response.Length, _options.MaxFrameBytes);
                LogHandlerFailed(Id, Remote, correlationId, tooLarge);
                return (FrameKind.ErrorResponse, EncodeError(tooLarge));
            }

            return (FrameKind.Response, response);
        }
        catch (Exception ex) when (IsOpen)
        {
            LogHandlerFailed(Id, Remote, correlationId, ex);
            return (FrameKind.ErrorResponse, EncodeError(ex));
        }
    }

    private async Task CompleteWriterAsync()
    {
        // Bounded: the stream is disposed, so a writer holding the lock fails promptly.
        if (!await _writeLock.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            _writerCompleted = true;
            await _writer.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static byte[] EncodeError(Exception error)
    {
        var message = error.Message.Length > MaxErrorMessageChars ? error.Message[..MaxErrorMessageChars] : error.Message;
        return Encoding.UTF8.GetBytes($"{error.GetType().FullName}\n{message}");
    }

    private static RemoteRequestException DecodeError(byte[] payload)
    {
        var text = Encoding.UTF8.GetString(payload);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0
            ? new RemoteRequestException("unknown", text)
            : new RemoteRequestException(text[..newline], text[(newline + 1)..]);
    }
}
