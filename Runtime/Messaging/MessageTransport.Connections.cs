using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Messaging;

/// <summary>Establishing connections: outbound connect with retries and backoff, inbound accept, handshake.</summary>
public sealed partial class MessageTransport
{
    private Task<Connection> GetSiloConnectionAsync(string target, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Task<Connection> connecting;
        lock (_connectLock)
        {
            if (_siloConnections.TryGetValue(target, out var existing) && existing.IsOpen)
            {
                return IsBlocked(target) ? Task.FromException<Connection>(Blocked(existing)) : Task.FromResult(existing);
            }

            if (!_connecting.TryGetValue(target, out connecting!))
            {
                connecting = ConnectWithRetriesAsync(target);
                _connecting[target] = connecting;

                // Every caller may have given up (own timeout) before the attempt fails; its failure is logged there.
                _ = connecting.ContinueWith(static attempt => _ = attempt.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        return connecting.WaitAsync(cancellationToken);
    }

    private ConnectionFailedException Blocked(Connection connection)
    {
        LogBlocked(connection.Id, connection.Remote);
        connection.Close("blocked by the connection filter");
        return new ConnectionFailedException($"Traffic to {connection.Remote} is blocked by the connection filter.");
    }

    /// <summary>
    /// One shared connect for all callers of an endpoint: up to <see cref="MessagingOptions.ConnectAttempts"/>
    /// attempts with exponential backoff between them. Runs under the transport's lifetime, not a caller's.
    /// </summary>
    private async Task<Connection> ConnectWithRetriesAsync(string target)
    {
        // Leave the caller's lock before doing anything (the finally below takes it again).
        await Task.Yield();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (IsBlocked(target))
                {
                    throw new ConnectionFailedException($"Traffic to {target} is blocked by the connection filter.");
                }

                try
                {
                    var connection = await ConnectOnceAsync(target, _disposing.Token).ConfigureAwait(false);
                    RegisterOutbound(target, connection);
                    return connection;
                }
                catch (HandshakeFailedException ex)
                {
                    // Another attempt would present the same cluster id and secret: fail now.
                    LogOutboundHandshakeFailed(target, ex.Message);
                    throw new ConnectionFailedException($"Handshake with {target} failed: {ex.Message}", ex);
                }
                catch (Exception ex) when (IsConnectFailure(ex) && attempt < _options.ConnectAttempts)
                {
                    var delay = _backoff.DelayAfter(attempt);
                    LogConnectRetry(target, attempt, _options.ConnectAttempts, (long)delay.TotalMilliseconds, ex.Message);
                    await Task.Delay(delay, _timeProvider, _disposing.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (_disposing.IsCancellationRequested)
                {
                    throw new ConnectionFailedException($"Not connecting to {target}: the transport is shutting down.", ex);
                }
                catch (Exception ex) when (IsConnectFailure(ex))
                {
                    LogConnectFailed(target, attempt, ex.Message);
                    throw new ConnectionFailedException($"Could not connect to {target} after {attempt} attempts: {ex.Message}", ex);
                }
            }
        }
        finally
        {
            lock (_connectLock)
            {
                _connecting.Remove(target);
            }
        }
    }

    private bool IsConnectFailure(Exception ex) =>
        ex is SocketException or IOException or AuthenticationException
        || (ex is OperationCanceledException && !_disposing.IsCancellationRequested);

    private void RegisterOutbound(string target, Connection connection)
    {
        _siloConnections[target] = connection;
        if (!connection.IsOpen)
        {
            // Closed between the handshake and here: its OnClosed ran before the registration.
            _siloConnections.TryRemove(new KeyValuePair<string, Connection>(target, connection));
        }
    }

    private async Task<Connection> ConnectOnceAsync(string target, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var (endPoint, host) = ParseEndpoint(target);
        var socket = endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(endPoint, linked.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.UseTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = _options.TlsTargetHost ?? host,
                        RemoteCertificateValidationCallback = _options.TlsRemoteCertificateValidation,
                    },
                    linked.Token).ConfigureAwait(false);
            }

            return await HandshakeAsync(stream, socket.RemoteEndPoint, isConnector: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (stream is null)
            {
                socket.Dispose();
            }
            else
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>"1.2.3.4:5", "[::1]:5" or "host:5" (resolved by DNS at connect time).</summary>
    private static (EndPoint EndPoint, string Host) ParseEndpoint(string endpoint)
    {
        if (IPEndPoint.TryParse(endpoint, out var ip) && ip.Port != 0)
        {
            return (ip, ip.Address.ToString());
        }

        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > IPEndPoint.MaxPort)
        {
            throw new ConnectionFailedException($"'{endpoint}' is not a host:port endpoint.");
        }

        var host = endpoint[..colon];
        return (new DnsEndPoint(host, port), host);
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        await Task.Yield();
        while (!_disposing.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_disposing.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (_disposing.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A single failed accept (e.g. the peer reset before accept completed) must not stop listening.
                LogAcceptFailed(ex.Message);
                continue;
            }

            socket.NoDelay = true;
            _ = AcceptOneAsync(socket);
        }
    }

    /// <summary>Handshakes one inbound socket; every failure is logged with its reason and closes only this socket.</summary>
    private async Task AcceptOneAsync(Socket socket)
    {
        var remoteEndPoint = socket.RemoteEndPoint;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (_options.UseTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                using var timeoutSource = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.HandshakeTimeoutMs), _timeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token, timeoutSource.Token);
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = _options.TlsServerCertificate },
                    linked.Token).ConfigureAwait(false);
            }

            var connection = await HandshakeAsync(stream, remoteEndPoint, isConnector: false, _disposing.Token).ConfigureAwait(false);
            RegisterInbound(connection);
        }
        catch (Exception ex) when (ex is HandshakeFailedException or IOException or SocketException or AuthenticationException or OperationCanceledException)
        {
            LogInboundRejected(remoteEndPoint, ex.Message);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogInboundFailed(remoteEndPoint, ex);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void RegisterInbound(Connection connection)
    {
        if (connection.Remote.Silo is { } silo)
        {
            if (IsBlocked(silo.Endpoint))
            {
                LogBlocked(connection.Id, connection.Remote);
                connection.Close("blocked by the connection filter");
                return;
            }

            // Reuse the peer's connection for our sends to it, unless we already have an open one.
            _siloConnections.AddOrUpdate(silo.Endpoint, connection, (_, existing) => existing.IsOpen ? existing : connection);
        }
        else
        {
            _clientConnections[connection.Remote.ClientId!] = connection;
        }

        if (!connection.IsOpen)
        {
            OnConnectionClosed(connection);
        }
    }

    /// <summary>
    /// Runs the handshake (bounded by <see cref="MessagingOptions.HandshakeTimeoutMs"/>) over a
    /// connected stream and starts the connection's read loop. The pipes created here carry over to the
    /// connection, so bytes read past the handshake are not lost.
    /// </summary>
    private async Task<Connection> HandshakeAsync(Stream stream, EndPoint? remoteEndPoint, bool isConnector, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        using var timeoutSource = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.HandshakeTimeoutMs), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var settings = new HandshakeSettings(_options.ClusterId, _secret, _localIdentity);
        PeerIdentity remote;
        try
        {
            remote = isConnector
                ? await Handshake.ConnectAsync(reader, writer, settings, linked.Token).ConfigureAwait(false)
                : await Handshake.AcceptAsync(reader, writer, settings, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeoutSource.IsCancellationRequested)
        {
            await CompletePipesAsync(reader, writer).ConfigureAwait(false);
            throw new HandshakeFailedException($"no complete handshake within {_options.HandshakeTimeoutMs} ms", ex);
        }
        catch
        {
            await CompletePipesAsync(reader, writer).ConfigureAwait(false);
            throw;
        }

        var connection = new Connection(
            stream,
            reader,
            writer,
            id => new RemoteEndpointInfo(id, remoteEndPoint, remote.Silo, remote.ClientId),
            _options,
            _handler,
            _loggerFactory.CreateLogger<Connection>(),
            OnConnectionClosed);
        _allConnections[connection.Id] = connection;
        if (Volatile.Read(ref _disposed) != 0)
        {
            connection.Close("the transport is shutting down");
        }

        LogConnectionEstablished(connection.Id, connection.Remote, isConnector ? "outbound" : "inbound");
        connection.Start();
        return connection;
    }

    private static async Task CompletePipesAsync(PipeReader reader, PipeWriter writer)
    {
        await reader.CompleteAsync().ConfigureAwait(false);
        await writer.CompleteAsync().ConfigureAwait(false);
    }

    private void OnConnectionClosed(Connection connection)
    {
        _allConnections.TryRemove(connection.Id, out _);
        if (connection.Remote.Silo is { } silo)
        {
            foreach (var entry in _siloConnections)
            {
                if (ReferenceEquals(entry.Value, connection))
                {
                    _siloConnections.TryRemove(entry);
                }
            }
        }
        else
        {
            _clientConnections.TryRemove(new KeyValuePair<string, Connection>(connection.Remote.ClientId!, connection));
        }
    }
}
