using OrleansSync.Grains.Cache;
using OrleansSync.Simulation.Cluster;
using OrleansSync.Simulation.Running;
using OrleansSync.TestSupport.Linearizability;
using OrleansSync.TestSupport.Linearizability.Models.Cache;

namespace OrleansSync.Simulation.Workloads.Cache;

/// <summary>
/// One seed of the cache workload: simulated silos with near caches and a directory group,
/// exchanging commands, replies and invalidations over a lossy, reordering network, with silo
/// crashes, leader changes and clock drift within the allowance. Checks the single-writer rule over
/// the silos' live lines after every step, and per-key register linearizability of what clients saw.
/// </summary>
/// <remarks>
/// The directory's Raft group is modelled as one ordered exactly-once log (<see cref="SimulatedDirectoryHost"/>),
/// not by the simulated <c>RaftNode</c>s of the other workloads: Raft is checked there; here the
/// subject is the coherence protocol between near caches and the directory.
/// </remarks>
internal sealed class CacheSimulation
{
    private const int DrainTicks = 600;
    private const int LeaderChangeMinTicks = 250;

    private readonly Random _random;
    private readonly CacheSimulationParameters _parameters;
    private readonly CacheFault _fault;
    private readonly SimulationTrace _trace;
    private readonly HistoryRecorder<CacheInput, CacheOutput> _history = new();
    private readonly SimulatedDirectoryHost _directory;
    private readonly List<SimulatedSilo> _silos;
    private readonly SortedDictionary<long, List<CacheEnvelope>> _inFlight = [];
    private readonly Dictionary<string, long> _restartAt = [];
    private long _tick;
    private long _nextLeaderChange;
    private int _crashes;
    private bool _perfect;

    public CacheSimulation(Random random, CacheFault fault, SimulationTrace trace)
    {
        _random = random;
        _fault = fault;
        _trace = trace;
        _parameters = CacheSimulationParameters.Draw(random, fault);
        _directory = new SimulatedDirectoryHost(new Random(random.Next()), _parameters, fault);
        _silos = [.. Enumerable.Range(0, _parameters.Silos).Select(i =>
            new SimulatedSilo($"s{i}", new Random(random.Next()), _parameters, fault, _history, 1 + (i * _parameters.ClientsPerSilo)))];
        if (trace.Enabled)
        {
            _directory.Log = line => trace.Add(_tick, line);
        }

        _nextLeaderChange = LeaderChangeMinTicks + random.Next(LeaderChangeMinTicks);
        _trace.Add(0, $"cache workload: {_parameters} fault={fault}");
    }

    public CacheSimulationParameters Parameters => _parameters;

    public (SeedVerdict Verdict, string Detail, SeedStatistics Statistics) Run()
    {
        try
        {
            for (_tick = 1; _tick <= _parameters.SafetyTicks + DrainTicks; _tick++)
            {
                if (_tick == _parameters.SafetyTicks)
                {
                    // Liveness phase: no more faults, no loss; outstanding operations must finish.
                    _perfect = true;
                    RestartEveryone();
                }

                Step();
            }
        }
        catch (InvalidOperationException violation) when (violation.Message.StartsWith("Cache invariant", StringComparison.Ordinal))
        {
            return (SeedVerdict.Violation, $"directory invariant at tick {_tick}: {violation.Message}", Statistics());
        }
        catch (CacheSingleWriterViolationException violation)
        {
            return (SeedVerdict.Violation, violation.Message, Statistics());
        }

        var result = LinearizabilityChecker.Check(CacheRegisterModel.Instance, _history.ToHistory());
        var verdict = result.Verdict switch
        {
            LinearizabilityVerdict.Illegal => SeedVerdict.Violation,
            LinearizabilityVerdict.Unknown => SeedVerdict.Unknown,
            _ => SeedVerdict.Passed,
        };
        return (verdict, verdict == SeedVerdict.Passed ? "ok" : "linearizability: " + result, Statistics());
    }

    private void Step()
    {
        var realMs = _tick * CacheSimulationParameters.TickMs;
        if (_inFlight.Remove(_tick, out var due))
        {
            foreach (var envelope in due.OrderBy(_ => _random.Next()))
            {
                Deliver(envelope, realMs);
            }
        }

        _directory.Tick(_tick, realMs, Send);
        foreach (var silo in _silos.Where(s => s.IsUp))
        {
            silo.Tick(_tick, realMs, issueOperations: !_perfect, Send);
        }

        if (!_perfect)
        {
            InjectFaults(realMs);
        }

        CheckSingleWriter(realMs);
    }

    private void Deliver(CacheEnvelope envelope, long realMs)
    {
        if (_trace.Enabled)
        {
            _trace.Add(_tick, Describe(envelope));
        }

        if (envelope.Command is not null)
        {
            _directory.Handle(envelope, realMs, Send);
        }
        else
        {
            _silos.Single(s => s.Id == envelope.Silo).Deliver(envelope, _tick, Send);
        }

        CheckSingleWriter(realMs);
    }

    private static string Describe(CacheEnvelope envelope) =>
        envelope.Command is { } command ? $"{envelope.Silo}.{envelope.Incarnation}#{envelope.Sequence} -> directory: {command}"
        : envelope.Invalidation is { } invalidation ? $"invalidate -> {invalidation}"
        : $"directory -> {envelope.Silo}.{envelope.Incarnation}#{envelope.Sequence}: {envelope.Result!.Status} {envelope.Result.Error} {envelope.Result.State} grant={envelope.Result.GrantIndex} v={envelope.Result.Version} wait={envelope.Result.WaitId}";

    private void Send(CacheEnvelope envelope)
    {
        if (!_perfect && _random.NextDouble() < _parameters.LossRate)
        {
            return;
        }

        var at = _tick + _random.Next(1, _parameters.MaxDelayTicks + 1);
        if (!_inFlight.TryGetValue(at, out var list))
        {
            _inFlight[at] = list = [];
        }

        list.Add(envelope);
    }

    private void InjectFaults(long realMs)
    {
        foreach (var silo in _silos)
        {
            if (silo.IsUp && _random.NextDouble() < _parameters.CrashRatePerTick)
            {
                silo.Crash();
                _crashes++;
                _restartAt[silo.Id] = _tick + _random.Next(5, 150);
                _trace.Add(_tick, $"crash {silo.Id}");
            }
            else if (!silo.IsUp && _restartAt[silo.Id] <= _tick)
            {
                silo.Restart();
                _trace.Add(_tick, $"restart {silo.Id} incarnation {silo.Incarnation}");
            }
        }

        if (_tick >= _nextLeaderChange)
        {
            _directory.ChangeLeader(realMs);
            _nextLeaderChange = _tick + LeaderChangeMinTicks + _random.Next(LeaderChangeMinTicks);
            _trace.Add(_tick, "leader change");
        }
    }

    private void RestartEveryone()
    {
        foreach (var silo in _silos.Where(s => !s.IsUp))
        {
            silo.Restart();
        }
    }

    /// <summary>At most one live E or M line per key over all silos, and then no other live copy.</summary>
    private void CheckSingleWriter(long realMs)
    {
        var lines = _silos.Where(s => s.IsUp)
            .SelectMany(s => s.Cache.LiveLines(s.LocalMs(realMs)).Select(l => (Silo: s.Id, l.Key, l.State)))
            .GroupBy(l => l.Key, StringComparer.Ordinal);
        foreach (var key in lines)
        {
            var owners = key.Count(l => l.State is CacheLineState.Exclusive or CacheLineState.Modified);
            if (owners > 0 && key.Count() > 1)
            {
                throw new CacheSingleWriterViolationException(
                    $"single writer at tick {_tick}: key '{key.Key}' live in {string.Join(", ", key.Select(l => $"{l.Silo}:{l.State}"))}");
            }
        }
    }

    private SeedStatistics Statistics()
    {
        var history = _history.ToHistory();
        return new SeedStatistics
        {
            Ticks = _tick,
            CommittedIndex = _directory.Index,
            Leaders = _directory.LeaderChanges + 1,
            Crashes = _crashes,
            CompletedOperations = history.Count(o => !o.IsPending),
            PendingOperations = history.Count(o => o.IsPending),
            LeaderExpiries = _directory.Expiries,
            LeaderExpiryProposals = _directory.Expiries,
        };
    }
}
