using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Client;

/// <summary>A TCP client: connects to gateway silos; follows the membership table when one is registered.</summary>
internal sealed partial class TcpClientClustering : IClientClustering
{
    private readonly TcpClientOptions _options;
    private readonly MessagingOptions _messagingOptions;
    private readonly IMembershipTable? _table;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly GatewayViewSource _gateways;
    private readonly CancellationTokenSource _stopping = new();
    private TcpMessageChannel? _channel;
    private Task _refresh = Task.CompletedTask;

    public TcpClientClustering(IOptions<TcpClientOptions> options, IOptions<MessagingOptions> messagingOptions, TimeProvider timeProvider, ILoggerFactory loggerFactory, IMembershipTable? table = null)
    {
        _options = options.Value;
        _messagingOptions = messagingOptions.Value;
        _table = table;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TcpClientClustering>();
        _gateways = new GatewayViewSource(_options.Gateways);
    }

    public IMessageChannel Channel => _channel ?? throw new InvalidOperationException("The client is not started.");

    public IMembershipViewSource Gateways => _gateways;

    public async Task StartAsync(string clientName, CancellationToken cancellationToken)
    {
        var seed = HashCode.Combine(clientName, _timeProvider.GetUtcNow().UtcTicks);
        var clientId = $"{clientName}-{(uint)seed:x8}";
        _channel = TcpMessageChannel.CreateClient(_messagingOptions, clientId, _timeProvider, _loggerFactory, new Random(seed));
        if (_table is not null)
        {
            await _gateways.RefreshAsync(_table, cancellationToken).ConfigureAwait(false);
            _refresh = RefreshLoopAsync(_table);
        }
    }

    public async ValueTask CloseAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _refresh.ConfigureAwait(false);
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RefreshLoopAsync(IMembershipTable table)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_options.GatewayRefreshIntervalMs), _timeProvider, _stopping.Token).ConfigureAwait(false);
                await _gateways.RefreshAsync(table, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Keep the last known gateways; try again next interval.
                LogRefreshFailed(_logger, ex);
            }
        }
    }
}
