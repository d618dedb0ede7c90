using System.Net;
using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Tests.Messaging;

/// <summary>Builds loopback transports for tests; disposes whatever it built.</summary>
public sealed class TransportFixture : IAsyncDisposable
{
    public const string Secret = "test-shared-secret-0123456789";
    private readonly List<MessageTransport> _transports = [];

    public CapturingLoggerProvider Logs { get; } = new();

    public static MessagingOptions Options(string clusterId = "test-cluster", string secret = Secret) => new()
    {
        ClusterId = clusterId,
        SharedSecret = secret,
        MaxFrameBytes = 64 * 1024,
        ConnectTimeoutMs = 5_000,
        HandshakeTimeoutMs = 5_000,
        RequestTimeoutMs = 10_000,
        ConnectAttempts = 1,
        ReconnectBaseDelayMs = 10,
        ReconnectMaxDelayMs = 100,
    };

    public MessageTransport Create(IInboundMessageHandler? handler = null, MessagingOptions? options = null, IConnectionFilter? filter = null, TimeProvider? timeProvider = null)
    {
        var transport = new MessageTransport(
            options ?? Options(),
            handler ?? TestInboundHandler.Echo(),
            timeProvider ?? TimeProvider.System,
            Logs,
            new Random(1234),
            filter);
        _transports.Add(transport);
        return transport;
    }

    public async Task<(MessageTransport Transport, SiloAddress Silo)> StartSiloAsync(
        IInboundMessageHandler? handler = null, MessagingOptions? options = null, IConnectionFilter? filter = null, int port = 0, long generation = 1)
    {
        var transport = Create(handler, options, filter);
        var silo = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, port), generation);
        return (transport, silo);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync();
        }
    }
}
