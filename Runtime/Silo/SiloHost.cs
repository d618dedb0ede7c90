using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Activation;
using OrleansSync.Runtime.Diagnostics;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Invocation;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Placement;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Silo;

/// <summary>
/// A silo: joins the cluster, serves grain calls through its router and catalog, probes its
/// peers, collects idle activations and moves activations away when the view re-places them.
/// </summary>
internal sealed partial class SiloHost : IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly InProcessCluster _cluster;
    private readonly SiloOptions _options;
    private readonly LivenessOptions _livenessOptions;
    private readonly TimeProvider _timeProvider;
    private readonly RuntimeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly GrainFactory _grainFactory = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly TaskCompletionSource _stoppedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IMessageChannel? _channel;
    private Catalog? _catalog;
    private PlacementService? _placement;
    private int _stopped;

    public SiloHost(
        IServiceProvider services,
        InProcessCluster cluster,
        IOptions<SiloOptions> options,
        IOptions<LivenessOptions> livenessOptions,
        TimeProvider timeProvider,
        RuntimeMetrics metrics,
        ILogger<SiloHost> logger)
    {
        _services = services;
        _cluster = cluster;
        _options = options.Value;
        _livenessOptions = livenessOptions.Value;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    public IGrainFactory GrainFactory => _grainFactory;

    /// <summary>This incarnation's address (set once started).</summary>
    public SiloAddress? Address => _channel?.LocalAddress;

    /// <summary>True once stopped, killed, or self-stopped after being declared dead.</summary>
    public bool HasStopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>Completes when the silo stops for any reason.</summary>
    public Task Stopped => _stoppedSignal.Task;

    /// <summary>Number of activations hosted here.</summary>
    public int ActivationCount => _catalog?.Count ?? 0;

    /// <summary>Runs one idle-collection pass now (the collection loop does this every quantum).</summary>
    internal int CollectIdleNow() => _catalog?.CollectIdle() ?? 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var address = new SiloAddress(_options.SiloName, _cluster.Membership.NextGeneration());
        var channel = _cluster.Network.Attach(address);
        _channel = channel;
        _placement = new PlacementService(_options.VirtualNodesPerSilo);
        _catalog = new Catalog(_services, _grainFactory, _options, _timeProvider, _metrics, _logger);
        var router = new SiloRouter(channel, _cluster.Membership, _placement, _catalog, _options, _timeProvider, _metrics, _logger);
        _grainFactory.Bind(router);
        channel.StartListening(router);
        _cluster.Membership.Join(address);
        var agent = new LivenessAgent(_cluster.Membership, channel, _livenessOptions, _timeProvider, _logger);
        _loops.Add(RunLoopAsync("liveness", () => agent.RunAsync(() => Kill(), _stopping.Token)));
        _loops.Add(RunLoopAsync("collection", CollectIdleLoopAsync));
        _loops.Add(RunLoopAsync("view", FollowViewsLoopAsync));
        LogStarted(_logger, address);
        return Task.CompletedTask;
    }

    /// <summary>Graceful stop: leave membership (callers go elsewhere), deactivate everything, close.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _channel is null)
        {
            return;
        }

        _stoppedSignal.TrySetResult();
        _cluster.Membership.Leave(_channel.LocalAddress);
        await _catalog!.DeactivateAsync(_ => true, DeactivationReason.ShuttingDown).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await AwaitLoopsAsync().ConfigureAwait(false);
        await _channel.DisposeAsync().ConfigureAwait(false);
        LogStopped(_logger, _channel.LocalAddress);
    }

    /// <summary>Abrupt stop, as if the process died: no goodbye to membership, no OnDeactivateAsync.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _channel is null)
        {
            return;
        }

        _stoppedSignal.TrySetResult();
        _stopping.Cancel();
        _ = _channel.DisposeAsync().AsTask();
        _catalog!.KillAll();
        LogKilled(_logger, _channel.LocalAddress);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await AwaitLoopsAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AwaitLoopsAsync()
    {
        try
        {
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromMilliseconds(_options.DeactivationTimeoutMs), _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogLoopsSlow(_logger);
        }
    }

    private async Task RunLoopAsync(string name, Func<Task> loop)
    {
        try
        {
            await loop().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Normal shutdown.
        }
        catch (Exception ex)
        {
            LogLoopFailed(_logger, ex, name);
        }
    }

    private async Task CollectIdleLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_options.CollectionQuantumMs), _timeProvider, _stopping.Token).ConfigureAwait(false);
            _catalog!.CollectIdle();
        }
    }

    private async Task FollowViewsLoopAsync()
    {
        var version = _cluster.Membership.Current.Version;
        while (!_stopping.IsCancellationRequested)
        {
            await _cluster.Membership.WaitForNewerViewAsync(version, _stopping.Token).ConfigureAwait(false);
            var view = _cluster.Membership.Current;
            version = view.Version;
            LogViewChanged(_logger, _channel!.LocalAddress, view.Version, view.ActiveSilos.Count);
            if (!view.Contains(_channel.LocalAddress))
            {
                continue;
            }

            await _catalog!.DeactivateAsync(
                a => _placement!.Place(a.GrainId, a.GrainClass, view) != _channel.LocalAddress,
                DeactivationReason.PlacementChanged).ConfigureAwait(false);
        }
    }
}
