using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Activation;
using OrleansSync.Runtime.Diagnostics;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Invocation;
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
    private readonly ISiloClustering _clustering;
    private readonly SiloOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RuntimeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly GrainFactory _grainFactory = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly TaskCompletionSource _stoppedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SiloAddress? _address;
    private Task _killed = Task.CompletedTask;
    private Catalog? _catalog;
    private PlacementService? _placement;
    private int _stopped;

    public SiloHost(
        IServiceProvider services,
        ISiloClustering clustering,
        IOptions<SiloOptions> options,
        TimeProvider timeProvider,
        RuntimeMetrics metrics,
        ILogger<SiloHost> logger)
    {
        _services = services;
        _clustering = clustering;
        _options = options.Value;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    public IGrainFactory GrainFactory => _grainFactory;

    /// <summary>This incarnation's address (set once started).</summary>
    public SiloAddress? Address => _address;

    /// <summary>True once stopped, killed, or self-stopped after being declared dead.</summary>
    public bool HasStopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>Completes when the silo stops for any reason.</summary>
    public Task Stopped => _stoppedSignal.Task;

    /// <summary>The membership view this silo currently routes with.</summary>
    public Liveness.MembershipView CurrentView => _address is null ? Liveness.MembershipView.Empty : _clustering.Membership.Current;

    /// <summary>Number of activations hosted here.</summary>
    public int ActivationCount => _catalog?.Count ?? 0;

    /// <summary>Runs one idle-collection pass now (the collection loop does this every quantum).</summary>
    internal int CollectIdleNow() => _catalog?.CollectIdle() ?? 0;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _placement = new PlacementService(_options.VirtualNodesPerSilo);
        _catalog = new Catalog(_services, _grainFactory, _options, _timeProvider, _metrics, _logger);
        var router = new SiloRouter(_clustering, _placement, _catalog, _options, _timeProvider, _metrics, _logger);
        _grainFactory.Bind(router);
        await _clustering.StartAsync(_options.SiloName, router, cancellationToken).ConfigureAwait(false);
        _address = _clustering.Channel.LocalAddress;
        _loops.Add(RunLoopAsync("declared-dead", WatchDeclaredDeadAsync));
        _loops.Add(RunLoopAsync("collection", CollectIdleLoopAsync));
        _loops.Add(RunLoopAsync("view", FollowViewsLoopAsync));
        LogStarted(_logger, _address);
    }

    /// <summary>Graceful stop: leave membership (callers go elsewhere), deactivate everything, close.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_address is null || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _stoppedSignal.TrySetResult();
        await _clustering.LeaveAsync(cancellationToken).ConfigureAwait(false);
        await _catalog!.DeactivateAsync(_ => true, DeactivationReason.ShuttingDown).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await AwaitLoopsAsync().ConfigureAwait(false);
        await _clustering.CloseAsync().ConfigureAwait(false);
        LogStopped(_logger, _address);
    }

    /// <summary>Abrupt stop, as if the process died: no goodbye to membership, no OnDeactivateAsync.</summary>
    public void Kill()
    {
        if (_address is null || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _stoppedSignal.TrySetResult();
        _stopping.Cancel();
        _killed = _clustering.KillAsync();
        _catalog!.KillAll();
        LogKilled(_logger, _address);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _killed.ConfigureAwait(false);
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

    private async Task WatchDeclaredDeadAsync()
    {
        await _clustering.DeclaredDead.WaitAsync(_stopping.Token).ConfigureAwait(false);
        LogDeclaredDead(_logger, _address!);
        Kill();
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
        var membership = _clustering.Membership;
        var self = _address!;
        var version = membership.Current.Version;
        while (!_stopping.IsCancellationRequested)
        {
            await membership.WaitForNewerViewAsync(version, _stopping.Token).ConfigureAwait(false);
            var view = membership.Current;
            version = view.Version;
            LogViewChanged(_logger, self, view.Version, view.ActiveSilos.Count);
            if (!view.Contains(self))
            {
                continue;
            }

            await _catalog!.DeactivateAsync(
                a => _placement!.Place(a.GrainId, a.GrainClass, view) != self,
                DeactivationReason.PlacementChanged).ConfigureAwait(false);
        }
    }
}
