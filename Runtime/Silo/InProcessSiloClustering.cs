using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Silo;

/// <summary>Clustering on an <see cref="InProcessCluster"/>: in-process network, in-process table, probe-based death votes.</summary>
internal sealed partial class InProcessSiloClustering : ISiloClustering
{
    private readonly InProcessCluster _cluster;
    private readonly LivenessOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _declaredDead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private InProcessChannel? _channel;
    private Task _liveness = Task.CompletedTask;

    public InProcessSiloClustering(InProcessCluster cluster, IOptions<LivenessOptions> options, TimeProvider timeProvider, ILogger<InProcessSiloClustering> logger)
    {
        _cluster = cluster;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public IMessageChannel Channel => _channel ?? throw new InvalidOperationException("Clustering is not started.");

    public IMembershipViewSource Membership => _cluster.Membership;

    public Task DeclaredDead => _declaredDead.Task;

    public Task StartAsync(string siloName, IMessageHandler handler, CancellationToken cancellationToken)
    {
        var address = new SiloAddress(siloName, _cluster.Membership.NextGeneration());
        _channel = _cluster.Network.Attach(address);
        _channel.StartListening(handler);
        _cluster.Membership.Join(address);
        var agent = new LivenessAgent(_cluster.Membership, _channel, _options, _timeProvider, _logger);
        _liveness = RunLivenessAsync(agent);
        return Task.CompletedTask;
    }

    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        _cluster.Membership.Leave(Channel.LocalAddress);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _liveness.ConfigureAwait(false);
    }

    public ValueTask CloseAsync() => _channel?.DisposeAsync() ?? ValueTask.CompletedTask;

    public Task KillAsync()
    {
        _stopping.Cancel();
        _channel?.Close();
        return Task.CompletedTask;
    }

    private async Task RunLivenessAsync(LivenessAgent agent)
    {
        try
        {
            await agent.RunAsync(() => _declaredDead.TrySetResult(), _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception ex)
        {
            LogLivenessFailed(_logger, ex);
        }
    }
}
