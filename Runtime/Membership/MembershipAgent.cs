using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

/// <summary>
/// One silo's membership duties against a shared <see cref="IMembershipTable"/>:
/// join (as a new generation), write I-am-alive heartbeats, probe its successors on the ring of
/// active silos, feed a <see cref="PhiAccrualFailureDetector"/> per probed silo, vote against
/// suspects and declare them dead once enough live silos agree (all by conditional writes), and
/// publish versioned <see cref="MembershipView"/>s. When it reads that it was itself declared
/// dead it completes <see cref="LocalSiloDeclaredDead"/> and stops: the host must then stop the silo.
/// Rounds run every <see cref="MembershipOptions.ProbeIntervalMs"/> after <see cref="Start"/>, or
/// one at a time through <see cref="RunRoundAsync"/> (tests drive it with a fake clock).
/// </summary>
public sealed partial class MembershipAgent : IMembershipViewSource, IAsyncDisposable
{
    private readonly SiloAddress _self;
    private readonly string? _gatewayEndpoint;
    private readonly IMembershipTable _table;
    private readonly ISiloProber _prober;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Serializes join, rounds and leave: the detectors and heartbeat time below are touched only under it.</summary>
    private readonly SemaphoreSlim _roundLock = new(1, 1);

    /// <summary>One detector per currently probed silo.</summary>
    private readonly Dictionary<SiloAddress, PhiAccrualFailureDetector> _detectors = [];
    private readonly Lock _viewLock = new();
    private readonly TaskCompletionSource _declaredDead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private MembershipTableSnapshot _snapshot = MembershipTableSnapshot.Empty;
    private MembershipView _view = MembershipView.Empty;

    /// <summary>Completed (and replaced) whenever a newer view is published.</summary>
    private TaskCompletionSource _viewChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _lastIAmAlive = DateTimeOffset.MinValue;
    private Task _loop = Task.CompletedTask;
    private bool _joined;
    private bool _left;

    public MembershipAgent(
        SiloAddress self,
        string? gatewayEndpoint,
        IMembershipTable table,
        ISiloProber prober,
        MembershipOptions options,
        TimeProvider timeProvider,
        ILogger<MembershipAgent> logger)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(prober);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        MembershipOptionsValidator.ThrowIfInvalid(options);
        _self = self;
        _gatewayEndpoint = gatewayEndpoint;
        _table = table;
        _prober = prober;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The silo this agent speaks for.</summary>
    public SiloAddress Silo => _self;

    /// <summary>The latest published view (active silos only).</summary>
    public MembershipView Current
    {
        get
        {
            lock (_viewLock)
            {
                return _view;
            }
        }
    }

    /// <summary>The latest table snapshot read (all rows, with statuses, votes and gateway endpoints).</summary>
    public MembershipTableSnapshot CurrentSnapshot
    {
        get
        {
            lock (_viewLock)
            {
                return _snapshot;
            }
        }
    }

    /// <summary>Completes when this agent reads that its own silo was declared dead.</summary>
    public Task LocalSiloDeclaredDead => _declaredDead.Task;

    /// <summary>Raised (synchronously, after the view is current) for each newer view; handler exceptions are logged.</summary>
    public event EventHandler<MembershipView>? ViewChanged;

    /// <summary>
    /// Writes this silo's row (Joining, then Active). Refuses when the table already holds this
    /// endpoint with the same or a higher generation; marks an older, not-yet-dead incarnation of
    /// this endpoint Dead first, since this process now owns the endpoint.
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await _roundLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_joined)
            {
                throw new InvalidOperationException($"{_self} has already joined.");
            }

            await InsertOwnRowAsync(cancellationToken).ConfigureAwait(false);
            _joined = true;
            if (!await UpdateRowWithRetriesAsync(_self, (_, entry) => entry.Status == SiloStatus.Joining ? entry with { Status = SiloStatus.Active } : null, cancellationToken).ConfigureAwait(false))
            {
                throw new MembershipException($"{_self} inserted its row but could not become Active.");
            }

            LogJoined(_self, Current.Version);
        }
        finally
        {
            _roundLock.Release();
        }
    }

    /// <summary>Starts the background rounds (after <see cref="JoinAsync"/>).</summary>
    public void Start()
    {
        if (!_joined)
        {
            throw new InvalidOperationException("Join before starting the membership rounds.");
        }

        _loop = RunLoopAsync();
    }

    /// <summary>Graceful leave: stops the rounds, then writes ShuttingDown and Dead for this silo.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await StopLoopAsync().ConfigureAwait(false);
        await _roundLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_joined || _left)
            {
                return;
            }

            _left = true;
            await UpdateRowWithRetriesAsync(_self, (_, entry) => entry.Status == SiloStatus.Dead ? null : entry with { Status = SiloStatus.ShuttingDown }, cancellationToken).ConfigureAwait(false);
            await UpdateRowWithRetriesAsync(_self, (_, entry) => entry.Status == SiloStatus.Dead ? null : entry with { Status = SiloStatus.Dead }, cancellationToken).ConfigureAwait(false);
            LogLeft(_self);
        }
        finally
        {
            _roundLock.Release();
        }
    }

    /// <summary>Completes when a view newer than <paramref name="knownVersion"/> is published.</summary>
    public async Task WaitForNewerViewAsync(long knownVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_viewLock)
            {
                if (_view.Version > knownVersion)
                {
                    return;
                }

                changed = _viewChanged.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The current view, then every newer one (views published in between may be skipped: latest wins).</summary>
    public async IAsyncEnumerable<MembershipView> WatchViewsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var view = Current;
        yield return view;
        while (true)
        {
            await WaitForNewerViewAsync(view.Version, cancellationToken).ConfigureAwait(false);
            view = Current;
            yield return view;
        }
    }

    /// <summary>
    /// One round: heartbeat (when due), read the table and publish, probe, vote against silos
    /// whose phi crossed the threshold. Does nothing before join, after leave, or once this silo is dead.
    /// </summary>
    internal async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        await _roundLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_joined || _left || _declaredDead.Task.IsCompleted)
            {
                return;
            }

            await HeartbeatIfDueAsync(cancellationToken).ConfigureAwait(false);
            var snapshot = await RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (_declaredDead.Task.IsCompleted)
            {
                return;
            }

            var suspects = await ProbeAsync(SelectProbeTargets(snapshot), cancellationToken).ConfigureAwait(false);
            foreach (var suspect in suspects)
            {
                await UpdateRowWithRetriesAsync(suspect, Vote, cancellationToken).ConfigureAwait(false);
            }

            foreach (var stale in StaleTransitionalRows(CurrentSnapshot))
            {
                await UpdateRowWithRetriesAsync(stale, DeclareStaleDead, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _roundLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task StopLoopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
    }

    private async Task RunLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested && !_declaredDead.Task.IsCompleted)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_options.ProbeIntervalMs), _timeProvider, token).ConfigureAwait(false);
                await RunRoundAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // E.g. the table is unreachable: this round is lost, the next one tries again.
                LogRoundFailed(_self, ex);
            }
        }
    }
}
