using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Silo;

/// <summary>
/// Clustering over TCP: the messaging engineer's <see cref="TcpMessageChannel"/> (handshake, TLS,
/// bounded frames) and <see cref="MembershipAgent"/> (heartbeats, phi-accrual probes, death
/// votes) over whatever <see cref="IMembershipTable"/> is registered (in-memory for one process,
/// static seeds, Redis). The silo's endpoint is also its gateway endpoint for clients, unless
/// <see cref="TcpClusteringOptions.GatewayPort"/> opens a separate one.
/// </summary>
internal sealed partial class TcpSiloClustering : ISiloClustering, IAsyncDisposable
{
    private readonly TcpClusteringOptions _options;
    private readonly MessagingOptions _messagingOptions;
    private readonly MembershipOptions _membershipOptions;
    private readonly IMembershipTable _table;
    private readonly IConnectionFilter? _connectionFilter;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private MembershipAgent? _agent;
    private TcpMessageChannel? _channel;
    private int _closed;

    public TcpSiloClustering(
        IOptions<TcpClusteringOptions> options,
        IOptions<MessagingOptions> messagingOptions,
        IOptions<MembershipOptions> membershipOptions,
        IMembershipTable table,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IConnectionFilter? connectionFilter = null)
    {
        _options = options.Value;
        _messagingOptions = messagingOptions.Value;
        _membershipOptions = membershipOptions.Value;
        _table = table;
        _connectionFilter = connectionFilter;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TcpSiloClustering>();
    }

    public IMessageChannel Channel => _channel ?? throw new InvalidOperationException("Clustering is not started.");

    public IMembershipViewSource Membership => _agent ?? throw new InvalidOperationException("Clustering is not started.");

    public Task DeclaredDead => _agent?.LocalSiloDeclaredDead ?? Task.Delay(Timeout.Infinite);

    public async Task StartAsync(string siloName, IMessageHandler handler, CancellationToken cancellationToken)
    {
        // A generation from the clock: a restart always joins with a larger one.
        var generation = _timeProvider.GetUtcNow().UtcTicks;
        var seed = _options.RandomSeed ?? HashCode.Combine(siloName, generation);
        var bind = new IPEndPoint(IPAddress.Parse(_options.ListenAddress), _options.Port);
        _channel = await TcpMessageChannel.ListenAsync(_messagingOptions, bind, generation, _options.AdvertisedEndpoint, _timeProvider, _loggerFactory, new Random(seed), _connectionFilter).ConfigureAwait(false);
        _channel.StartListening(handler);
        var address = _channel.LocalAddress;
        var gatewayEndpoint = _options.GatewayPort is { } gatewayPort ? ListenGateway(address, gatewayPort) : address.Endpoint;
        _agent = new MembershipAgent(address, gatewayEndpoint, _table, new TransportSiloProber(_channel.Transport), _membershipOptions, _timeProvider, _loggerFactory.CreateLogger<MembershipAgent>());
        await _agent.JoinAsync(cancellationToken).ConfigureAwait(false);
        _agent.Start();
        LogStarted(_logger, siloName, address);
    }

    /// <summary>Opens the gateway port; returns the endpoint clients dial (advertised, or the silo's host with the bound port).</summary>
    private string ListenGateway(SiloAddress address, int gatewayPort)
    {
        var bound = _channel!.Transport.ListenGateway(new IPEndPoint(IPAddress.Parse(_options.ListenAddress), gatewayPort));
        if (_options.AdvertisedGatewayEndpoint is { } advertised)
        {
            return advertised;
        }

        var host = address.Endpoint[..address.Endpoint.LastIndexOf(':')];
        return $"{host}:{bound.Port}";
    }

    public Task LeaveAsync(CancellationToken cancellationToken) => _agent?.LeaveAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        if (_agent is not null)
        {
            await _agent.DisposeAsync().ConfigureAwait(false);
        }

        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>Abrupt: connections drop and heartbeats stop; the others must detect it.</summary>
    public async Task KillAsync()
    {
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogKillFailed(_logger, ex);
        }
    }
}
