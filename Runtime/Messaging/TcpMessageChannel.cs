using System.Net;
using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// The runtime's <see cref="IMessageChannel"/> over a <see cref="MessageTransport"/>: what the
/// in-process network is for one process, this is for TCP. Transport errors become
/// <see cref="SiloUnavailableException"/> with <c>MayHaveBeenDelivered</c> false only when
/// nothing can have reached the target's handler (no connection, another generation, not yet
/// listening). <see cref="Transport"/> is shared with the membership prober.
/// </summary>
internal sealed partial class TcpMessageChannel : IMessageChannel, IInboundMessageHandler
{
    private readonly ILogger _logger;
    private IMessageHandler? _handler;

    private TcpMessageChannel(MessagingOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory, Random random, IConnectionFilter? filter, string? clientId)
    {
        _logger = loggerFactory.CreateLogger<TcpMessageChannel>();
        Transport = new MessageTransport(options, this, timeProvider, loggerFactory, random, filter, clientId);
        LocalAddress = new SiloAddress(clientId ?? "unbound", 0);
    }

    public SiloAddress LocalAddress { get; private set; }

    /// <summary>The underlying transport (pings for membership, client sends, partitions).</summary>
    public MessageTransport Transport { get; }

    /// <summary>
    /// A silo's channel, accepting connections at once on <paramref name="bindEndpoint"/>; requests
    /// that arrive before <see cref="StartListening"/> are refused as not delivered.
    /// </summary>
    public static async Task<TcpMessageChannel> ListenAsync(
        MessagingOptions options,
        IPEndPoint bindEndpoint,
        long generation,
        string? advertisedEndpoint,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        Random random,
        IConnectionFilter? filter = null)
    {
        var channel = new TcpMessageChannel(options, timeProvider, loggerFactory, random, filter, clientId: null);
        try
        {
            channel.LocalAddress = await channel.Transport.ListenAsync(bindEndpoint, generation, advertisedEndpoint).ConfigureAwait(false);
            return channel;
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A client's channel: it never listens; gateways see it as client <paramref name="clientId"/>.</summary>
    public static TcpMessageChannel CreateClient(
        MessagingOptions options, string clientId, TimeProvider timeProvider, ILoggerFactory loggerFactory, Random random) =>
        new(options, timeProvider, loggerFactory, random, filter: null, clientId);

    public void StartListening(IMessageHandler handler) => _handler = handler;

    public async Task<ReadOnlyMemory<byte>> SendRequestAsync(SiloAddress target, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        try
        {
            return await Transport.SendRequestAsync(target, payload, timeout: null, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            throw new SiloUnavailableException($"{LocalAddress} is shut down; nothing was sent to {target}.", mayHaveBeenDelivered: false);
        }
        catch (ConnectionFailedException ex)
        {
            throw new SiloUnavailableException($"{target} is not reachable from {LocalAddress}: {ex.Message}", mayHaveBeenDelivered: false);
        }
        catch (RemoteRequestException ex) when (ex.RemoteExceptionType == typeof(ChannelNotListeningException).FullName)
        {
            throw new SiloUnavailableException($"{target} is not listening yet.", mayHaveBeenDelivered: false);
        }
        catch (MessagingException ex) when (ex is ConnectionLostException or RequestTimeoutException or RemoteRequestException)
        {
            throw new SiloUnavailableException($"Request from {LocalAddress} to {target} failed: {ex.Message}", mayHaveBeenDelivered: true);
        }
    }

    public ValueTask DisposeAsync() => Transport.DisposeAsync();

    async ValueTask<ReadOnlyMemory<byte>> IInboundMessageHandler.HandleRequestAsync(RemoteEndpointInfo remote, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var handler = _handler ?? throw new ChannelNotListeningException();
        return await handler.HandleRequestAsync(payload, cancellationToken).ConfigureAwait(false);
    }

    ValueTask IInboundMessageHandler.HandleOneWayAsync(RemoteEndpointInfo remote, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        // The runtime sends requests only; a one-way frame is a peer bug worth seeing in the log.
        LogOneWayIgnored(remote, payload.Length);
        return ValueTask.CompletedTask;
    }
}
