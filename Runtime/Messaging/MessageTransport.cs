using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// TCP transport between silos and from clients to gateway silos. Carries opaque byte payloads as
/// requests (answered by a response or an error), one-way messages and pings, over one
/// multiplexed, authenticated connection per remote endpoint, created on demand and reused
/// (an inbound connection from a silo is reused for sends to that silo).
/// A silo calls <see cref="ListenAsync"/> first; a transport that never listens is a client.
/// </summary>
public sealed partial class MessageTransport : IAsyncDisposable
{
    private const int ListenBacklog = 512;
    private readonly MessagingOptions _options;
    private readonly IInboundMessageHandler _handler;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IConnectionFilter? _filter;
    private readonly ReconnectBackoff _backoff;
    private readonly byte[] _secret;
    private readonly CancellationTokenSource _disposing = new();

    /// <summary>Guards <see cref="_connecting"/> and the check-then-start of a connect.</summary>
    private readonly Lock _connectLock = new();

    /// <summary>Open connections to silos, by the silo's endpoint (dialled, or advertised by an inbound connector).</summary>
    private readonly ConcurrentDictionary<string, Connection> _siloConnections = new(StringComparer.Ordinal);

    /// <summary>Connect attempts in flight, shared by every caller that wants the same endpoint.</summary>
    private readonly Dictionary<string, Task<Connection>> _connecting = new(StringComparer.Ordinal);

    /// <summary>Open inbound connections from clients, by client id.</summary>
    private readonly ConcurrentDictionary<string, Connection> _clientConnections = new(StringComparer.Ordinal);

    /// <summary>Every open connection, by id (for filter changes and disposal).</summary>
    private readonly ConcurrentDictionary<long, Connection> _allConnections = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private Socket? _gatewayListener;
    private Task _gatewayAcceptLoop = Task.CompletedTask;
    private PeerIdentity _localIdentity;
    private int _disposed;

    /// <param name="options">Validated on construction.</param>
    /// <param name="handler">Receives inbound requests and one-way messages.</param>
    /// <param name="timeProvider">Source of time for timeouts and backoff delays.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="random">Seeded source for backoff jitter (not for security: nonces use the OS CSPRNG).</param>
    /// <param name="connectionFilter">Optional fault injection (network partitions).</param>
    /// <param name="clientId">Identity presented while not listening (a client); defaults to a random id.</param>
    public MessageTransport(
        MessagingOptions options,
        IInboundMessageHandler handler,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        Random random,
        IConnectionFilter? connectionFilter = null,
        string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(random);
        MessagingOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _handler = handler;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<MessageTransport>();
        _loggerFactory = loggerFactory;
        _filter = connectionFilter;
        _backoff = new ReconnectBackoff(options.ReconnectBaseDelayMs, options.ReconnectMaxDelayMs, random);
        _secret = Encoding.UTF8.GetBytes(options.SharedSecret);
        _localIdentity = new PeerIdentity(null, clientId ?? $"client-{random.NextInt64():x16}");
        if (_filter is not null)
        {
            _filter.Changed += OnFilterChanged;
        }
    }

    /// <summary>This silo's address once <see cref="ListenAsync"/> returned; null for a client.</summary>
    public SiloAddress? LocalSilo => _localIdentity.Silo;

    /// <summary>The id presented to gateways while this transport is a client.</summary>
    public string? ClientId => _localIdentity.ClientId;

    /// <summary>Number of open connections (inbound and outbound).</summary>
    public int OpenConnectionCount => _allConnections.Count;

    /// <summary>
    /// Starts accepting connections and makes this transport a silo. Returns the silo's address:
    /// <paramref name="advertisedEndpoint"/> ("host:port" others dial) if given, else the bound
    /// endpoint (port 0 binds a free port).
    /// </summary>
    public Task<SiloAddress> ListenAsync(IPEndPoint bindEndpoint, long generation, string? advertisedEndpoint = null)
    {
        ArgumentNullException.ThrowIfNull(bindEndpoint);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_listener is not null)
        {
            throw new InvalidOperationException("The transport is already listening.");
        }

        var listener = Bind(bindEndpoint);
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        var silo = new SiloAddress(advertisedEndpoint ?? bound.ToString(), generation);
        _localIdentity = new PeerIdentity(silo, null);
        _listener = listener;
        _acceptLoop = AcceptLoopAsync(listener);
        LogListening(bound, silo);
        return Task.FromResult(silo);
    }

    /// <summary>
    /// Also accepts connections on <paramref name="bindEndpoint"/>, a second port for clients (the
    /// gateway port, as in Orleans); connections there are served exactly like those on the silo
    /// port. Call after <see cref="ListenAsync"/>. Returns the bound endpoint (port 0 binds a free port).
    /// </summary>
    public IPEndPoint ListenGateway(IPEndPoint bindEndpoint)
    {
        ArgumentNullException.ThrowIfNull(bindEndpoint);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_listener is null || _gatewayListener is not null)
        {
            throw new InvalidOperationException("The gateway listener starts once, after ListenAsync.");
        }

        var listener = Bind(bindEndpoint);
        _gatewayListener = listener;
        _gatewayAcceptLoop = AcceptLoopAsync(listener);
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        LogListeningAsGateway(bound);
        return bound;
    }

    /// <summary>
    /// Sends a request to the silo listening on <paramref name="targetEndpoint"/> ("host:port") and
    /// returns its response payload.
    /// Throws <see cref="RequestTimeoutException"/> after <paramref name="timeout"/> (default
    /// <see cref="MessagingOptions.RequestTimeoutMs"/>, connect time included),
    /// <see cref="ConnectionFailedException"/> if no connection could be made,
    /// <see cref="ConnectionLostException"/> if the connection closed while waiting,
    /// <see cref="RemoteRequestException"/> if the remote handler threw.
    /// </summary>
    public Task<ReadOnlyMemory<byte>> SendRequestAsync(string targetEndpoint, ReadOnlyMemory<byte> payload, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targetEndpoint);
        return SendRequestCoreAsync(targetEndpoint, null, payload, timeout, cancellationToken);
    }

    /// <summary>
    /// Sends a request to the silo incarnation <paramref name="target"/>; see
    /// <see cref="SendRequestAsync(string, ReadOnlyMemory{byte}, TimeSpan?, CancellationToken)"/>.
    /// When another generation listens on the endpoint (the target restarted), nothing is sent and
    /// <see cref="ConnectionFailedException"/> is thrown; generation 0 accepts any incarnation.
    /// </summary>
    public Task<ReadOnlyMemory<byte>> SendRequestAsync(SiloAddress target, ReadOnlyMemory<byte> payload, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return SendRequestCoreAsync(target.Endpoint, target.Generation == 0 ? null : target, payload, timeout, cancellationToken);
    }

    /// <summary>Sends a one-way message to the silo on <paramref name="targetEndpoint"/> (completes once written to the socket).</summary>
    public async Task SendOneWayAsync(string targetEndpoint, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targetEndpoint);
        CheckPayload(payload);
        using var timeoutSource = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.RequestTimeoutMs), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var connection = await GetSiloConnectionAsync(targetEndpoint, linked.Token).ConfigureAwait(false);
        await connection.SendOneWayAsync(payload, linked.Token).ConfigureAwait(false);
    }

    /// <summary>Sends a request to a client connected to this (gateway) silo; see <see cref="SendRequestAsync(string, ReadOnlyMemory{byte}, TimeSpan?, CancellationToken)"/>.</summary>
    public async Task<ReadOnlyMemory<byte>> SendRequestToClientAsync(string clientId, ReadOnlyMemory<byte> payload, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckPayload(payload);
        var connection = GetClientConnection(clientId);
        var effectiveTimeout = timeout ?? TimeSpan.FromMilliseconds(_options.RequestTimeoutMs);
        using var timeoutSource = new CancellationTokenSource(effectiveTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            return await connection.RequestAsync(FrameKind.Request, payload, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RequestTimeoutException($"No response from client {clientId} within {effectiveTimeout.TotalMilliseconds} ms.");
        }
    }

    /// <summary>Sends a one-way message to a client connected to this (gateway) silo.</summary>
    public Task SendOneWayToClientAsync(string clientId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        CheckPayload(payload);
        return GetClientConnection(clientId).SendOneWayAsync(payload, cancellationToken);
    }

    /// <summary>
    /// Liveness probe: true when the silo incarnation <paramref name="target"/> answered a ping
    /// within <paramref name="timeout"/>. False on any failure, including a different generation
    /// listening on that endpoint (generation 0 in <paramref name="target"/> accepts any).
    /// </summary>
    public async Task<bool> PingAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var timeoutSource = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            var connection = await GetSiloConnectionAsync(target.Endpoint, linked.Token).ConfigureAwait(false);
            if (target.Generation != 0 && connection.Remote.Silo != target)
            {
                LogPingGenerationMismatch(target, connection.Remote);
                return false;
            }

            await connection.RequestAsync(FrameKind.Ping, ReadOnlyMemory<byte>.Empty, linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is MessagingException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogPingFailed(target, ex.Message);
            return false;
        }
    }

    /// <summary>Closes every open connection to the silo on <paramref name="endpoint"/> (pending requests fail).</summary>
    public void CloseConnectionsTo(string endpoint)
    {
        foreach (var connection in _allConnections.Values)
        {
            if (string.Equals(connection.Remote.Silo?.Endpoint, endpoint, StringComparison.Ordinal))
            {
                connection.Close("closed on request");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_filter is not null)
        {
            _filter.Changed -= OnFilterChanged;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        _gatewayListener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        await _gatewayAcceptLoop.ConfigureAwait(false);
        var closing = _allConnections.Values.Select(connection => connection.DisposeAsync("the transport is shutting down")).ToArray();
        await Task.WhenAll(closing).ConfigureAwait(false);
    }

    private static Socket Bind(IPEndPoint bindEndpoint)
    {
        var listener = new Socket(bindEndpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(bindEndpoint);
            listener.Listen(ListenBacklog);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private async Task<ReadOnlyMemory<byte>> SendRequestCoreAsync(
        string targetEndpoint, SiloAddress? expectedSilo, ReadOnlyMemory<byte> payload, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        CheckPayload(payload);
        var effectiveTimeout = timeout ?? TimeSpan.FromMilliseconds(_options.RequestTimeoutMs);
        using var timeoutSource = new CancellationTokenSource(effectiveTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            var connection = await GetSiloConnectionAsync(targetEndpoint, linked.Token).ConfigureAwait(false);
            if (expectedSilo is not null && connection.Remote.Silo != expectedSilo)
            {
                throw new ConnectionFailedException($"{expectedSilo} is gone: {connection.Remote} listens on {targetEndpoint} now.");
            }

            return await connection.RequestAsync(FrameKind.Request, payload, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RequestTimeoutException($"No response from {targetEndpoint} within {effectiveTimeout.TotalMilliseconds} ms.");
        }
    }

    private void CheckPayload(ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > _options.MaxFrameBytes)
        {
            throw new PayloadTooLargeException(payload.Length, _options.MaxFrameBytes);
        }
    }

    private Connection GetClientConnection(string clientId)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        return _clientConnections.TryGetValue(clientId, out var connection) && connection.IsOpen
            ? connection
            : throw new ConnectionFailedException($"Client {clientId} is not connected to this silo.");
    }

    private bool IsBlocked(string remoteSilo) =>
        _filter is not null && _localIdentity.Silo is { } local && _filter.IsBlocked(local.Endpoint, remoteSilo);

    private void OnFilterChanged(object? sender, EventArgs e)
    {
        foreach (var connection in _allConnections.Values)
        {
            if (connection.Remote.Silo is { } remote && IsBlocked(remote.Endpoint))
            {
                LogBlocked(connection.Id, connection.Remote);
                connection.Close("blocked by the connection filter");
            }
        }
    }
}
