using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Client;

/// <summary>
/// The gateways a TCP client may use, as a membership view: the configured list at first, then
/// (when a membership table is available) the gateway endpoints of the active rows, re-read every
/// refresh interval. Each gateway appears as <c>SiloAddress(endpoint, 0)</c>.
/// </summary>
internal sealed class GatewayViewSource : IMembershipViewSource
{
    private readonly Lock _lock = new();
    private MembershipView _view;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatewayViewSource(IEnumerable<string> initialGateways)
    {
        _view = new MembershipView(1, [.. initialGateways.Distinct().Select(g => new SiloAddress(g, 0))]);
    }

    public MembershipView Current
    {
        get
        {
            lock (_lock)
            {
                return _view;
            }
        }
    }

    public async Task WaitForNewerViewAsync(long knownVersion, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_lock)
        {
            if (_view.Version > knownVersion)
            {
                return;
            }

            signal = _changed.Task;
        }

        await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the table and publishes a new view if the gateway set changed.</summary>
    public async Task RefreshAsync(IMembershipTable table, CancellationToken cancellationToken)
    {
        var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var gateways = snapshot.ActiveEntries().Where(e => e.GatewayEndpoint is not null).Select(e => new SiloAddress(e.GatewayEndpoint!, 0)).Distinct().ToList();
        lock (_lock)
        {
            if (gateways.Count == 0 || gateways.SequenceEqual(_view.ActiveSilos))
            {
                return;
            }

            _view = new MembershipView(_view.Version + 1, gateways);
            var previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }
    }
}
