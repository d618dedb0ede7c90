using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Liveness;

/// <summary>
/// The membership table of an in-process cluster: silos join as active, leave on graceful stop,
/// and are declared dead once enough live silos vote that they stopped answering probes. A dead
/// incarnation never becomes active again (a restart joins with a higher generation).
/// </summary>
public sealed class InProcessMembership : IMembershipViewSource
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, HashSet<SiloAddress>> _suspicions = [];
    private readonly HashSet<SiloAddress> _dead = [];
    private MembershipView _view = MembershipView.Empty;
    private TaskCompletionSource _changed = NewSignal();
    private long _lastGeneration;

    /// <summary>Votes of distinct live silos needed to declare a silo dead (capped by the number of other live silos).</summary>
    public int VotesForDeathDeclaration { get; init; } = 2;

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

    /// <summary>A generation larger than any handed out before (silos take one per start).</summary>
    public long NextGeneration()
    {
        lock (_lock)
        {
            return ++_lastGeneration;
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

    internal void Join(SiloAddress silo)
    {
        lock (_lock)
        {
            if (_dead.Contains(silo))
            {
                throw new InvalidOperationException($"{silo} was declared dead and cannot rejoin under the same generation.");
            }

            // A new incarnation on an endpoint replaces (and buries) the old one.
            foreach (var old in _view.ActiveSilos.Where(s => s.Endpoint == silo.Endpoint))
            {
                _dead.Add(old);
            }

            Publish([.. _view.ActiveSilos.Where(s => s.Endpoint != silo.Endpoint), silo]);
        }
    }

    internal void Leave(SiloAddress silo)
    {
        lock (_lock)
        {
            _dead.Add(silo);
            _suspicions.Remove(silo);
            Publish([.. _view.ActiveSilos.Where(s => s != silo)]);
        }
    }

    /// <summary>Records that <paramref name="voter"/> could not reach <paramref name="suspect"/>; true if that made it dead.</summary>
    internal bool Suspect(SiloAddress voter, SiloAddress suspect)
    {
        lock (_lock)
        {
            if (!_view.Contains(voter) || !_view.Contains(suspect))
            {
                return false;
            }

            if (!_suspicions.TryGetValue(suspect, out var voters))
            {
                voters = [];
                _suspicions[suspect] = voters;
            }

            voters.Add(voter);
            var needed = Math.Max(1, Math.Min(VotesForDeathDeclaration, _view.ActiveSilos.Count - 1));
            if (voters.Count(v => _view.Contains(v)) < needed)
            {
                return false;
            }

            _dead.Add(suspect);
            _suspicions.Remove(suspect);
            Publish([.. _view.ActiveSilos.Where(s => s != suspect)]);
            return true;
        }
    }

    /// <summary>Clears <paramref name="voter"/>'s suspicion of <paramref name="suspect"/> after a successful probe.</summary>
    internal void Refute(SiloAddress voter, SiloAddress suspect)
    {
        lock (_lock)
        {
            if (_suspicions.TryGetValue(suspect, out var voters))
            {
                voters.Remove(voter);
            }
        }
    }

    internal bool IsDead(SiloAddress silo)
    {
        lock (_lock)
        {
            return _dead.Contains(silo);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Publish(IReadOnlyList<SiloAddress> active)
    {
        _view = new MembershipView(_view.Version + 1, active);
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }
}
