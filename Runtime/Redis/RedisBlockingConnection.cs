using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// A synchronous RESP2 connection on a blocking socket, for callers whose contract is synchronous
/// (a Raft log store's <c>Sync()</c> blocks on its durable write, like an fsync). Same options,
/// limits, handshake (AUTH, CLIENT SETNAME, SELECT) and typed errors as <see cref="RedisClient"/>.
/// Sends and receives are bounded by CommandTimeoutMs. Any I/O error, timeout or protocol error
/// closes the socket and throws; the next call connects again (once, no backoff and no retry:
/// only the caller knows whether repeating a command is safe). Not thread-safe.
/// </summary>
public sealed class RedisBlockingConnection : IDisposable
{
    private const int ReadChunkBytes = 64 * 1024;

    private readonly RedisOptions _options;
    private readonly RespParser _parser;
    private readonly RedisEndpoint _endpoint;
    private Socket? _socket;
    private byte[] _buffer = new byte[ReadChunkBytes];
    private int _buffered;
    private bool _disposed;

    public RedisBlockingConnection(RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _parser = RespParser.FromOptions(options);
        _endpoint = options.GetEndpoint();
    }

    /// <summary>Sends one command and returns its reply; a server error reply throws <see cref="RedisServerException"/>.</summary>
    public RedisReply Execute(params RedisValue[] arguments) => ExecuteBatch([arguments])[0];

    /// <summary>
    /// Sends the commands in one write and reads their replies in order. Replies that are server
    /// errors are returned as they are (a <c>MULTI</c>/<c>EXEC</c> caller inspects them); use
    /// <see cref="ThrowIfError"/>.
    /// </summary>
    public IReadOnlyList<RedisReply> ExecuteBatch(IReadOnlyList<IReadOnlyList<RedisValue>> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var socket = _socket ?? Connect();
        try
        {
            return SendAndReceive(socket, commands);
        }
        catch (Exception exception) when (exception is SocketException or IOException or RedisProtocolException or ObjectDisposedException)
        {
            Close();
            throw exception is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock }
                ? new RedisTimeoutException($"{Describe(commands)} on {_endpoint} got no reply within CommandTimeoutMs={_options.CommandTimeoutMs}; the connection was closed (it may or may not have been executed)")
                : new RedisConnectionException($"{Describe(commands)} on {_endpoint} failed; the connection was closed (it may or may not have been executed)", exception);
        }
    }

    /// <summary>Throws <see cref="RedisServerException"/> if <paramref name="reply"/> is an error reply.</summary>
    public static RedisReply ThrowIfError(RedisReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Kind == RedisReplyKind.Error ? throw new RedisServerException(reply.AsString() ?? string.Empty) : reply;
    }

    public void Dispose()
    {
        _disposed = true;
        Close();
    }

    private static string Describe(IReadOnlyList<IReadOnlyList<RedisValue>> commands) =>
        commands.Count == 1 ? $"'{commands[0][0]}'" : $"a batch of {commands.Count} commands";

    private IReadOnlyList<RedisReply> SendAndReceive(Socket socket, IReadOnlyList<IReadOnlyList<RedisValue>> commands)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var command in commands)
        {
            RespWriter.WriteCommand(output, command);
        }

        var written = output.WrittenSpan;
        while (!written.IsEmpty)
        {
            written = written[socket.Send(written)..];
        }

        var replies = new RedisReply[commands.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            replies[i] = ReadReply(socket);
        }

        return replies;
    }

    private RedisReply ReadReply(Socket socket)
    {
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_buffer, 0, _buffered);
            if (_parser.TryParse(ref sequence, out var reply))
            {
                var consumed = _buffered - (int)sequence.Length;
                Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _buffered - consumed);
                _buffered -= consumed;
                return reply;
            }

            EnsureRoomToRead();
            var read = socket.Receive(_buffer, _buffered, _buffer.Length - _buffered, SocketFlags.None);
            if (read == 0)
            {
                throw new IOException($"{_endpoint} closed the connection");
            }

            _buffered += read;
        }
    }

    /// <summary>Grows the buffer for a large reply, up to what the parser's limits allow (MaxBulkBytes plus framing).</summary>
    private void EnsureRoomToRead()
    {
        if (_buffered < _buffer.Length)
        {
            return;
        }

        var limit = (long)_options.MaxBulkBytes + _options.MaxLineBytes + ReadChunkBytes;
        if (_buffer.Length >= limit)
        {
            throw new RedisProtocolException($"a reply from {_endpoint} exceeds {limit} bytes");
        }

        Array.Resize(ref _buffer, (int)Math.Min(limit, (long)_buffer.Length * 2));
    }

    private Socket Connect()
    {
        Socket? socket = null;
        try
        {
            socket = OpenSocket();
            socket.SendTimeout = _options.CommandTimeoutMs;
            socket.ReceiveTimeout = _options.CommandTimeoutMs;
            _buffered = 0;
            foreach (var reply in SendAndReceive(socket, Handshake()))
            {
                ThrowIfError(reply);
            }
        }
        catch (Exception exception) when (exception is SocketException or IOException or RedisProtocolException)
        {
            socket?.Dispose();
            throw new RedisConnectionException($"could not connect to Redis at {_endpoint}: {exception.Message}", exception);
        }
        catch
        {
            socket?.Dispose();
            throw;
        }

        _socket = socket;
        return socket;
    }

    /// <summary>Tries each resolved address in turn (e.g. ::1 then 127.0.0.1 for localhost); a failed socket is not reused.</summary>
    private Socket OpenSocket()
    {
        IPAddress[] addresses = IPAddress.TryParse(_endpoint.Host, out var literal) ? [literal] : Dns.GetHostAddresses(_endpoint.Host);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                ConnectWithin(socket, new IPEndPoint(address, _endpoint.Port), _options.ConnectTimeoutMs);
                return socket;
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>A blocking connect bounded by <paramref name="timeoutMs"/> (non-blocking connect, then a poll).</summary>
    private static void ConnectWithin(Socket socket, IPEndPoint endpoint, int timeoutMs)
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            if (!socket.Poll(checked(timeoutMs * 1000), SelectMode.SelectWrite))
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }
        }

        socket.Blocking = true;
    }

    private List<IReadOnlyList<RedisValue>> Handshake()
    {
        var commands = new List<IReadOnlyList<RedisValue>>();
        if (_options.Password is { } password)
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

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _buffered = 0;
    }
}
