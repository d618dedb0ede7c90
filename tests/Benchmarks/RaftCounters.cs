using System.Diagnostics.Metrics;
using System.Globalization;
using OrleansSync.Grains.Raft.Hosting;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Listens to the Raft hosting meter (<see cref="RaftHostingMetrics"/>) of every silo in this
/// process and sums it over a measured window, so each case can print where a pair's time goes:
/// fsyncs per pair and their duration, grain-turn time, peer calls per pair.
/// </summary>
internal sealed class RaftCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, (double Sum, long Count)> _totals = [];
    private readonly Lock _gate = new();

    public RaftCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RaftHostingMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.Start();
    }

    /// <summary>Forgets what was counted so far (call when the measured window opens).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _totals.Clear();
        }
    }

    /// <summary>One line of per-pair figures for <paramref name="pairs"/> completed pairs.</summary>
    public string Describe(long pairs)
    {
        lock (_gate)
        {
            var syncs = Total("orleanssync.raft.wal.syncs");
            var (syncMs, syncCount) = _totals.GetValueOrDefault("orleanssync.raft.wal.sync.duration");
            var (turnMs, turns) = _totals.GetValueOrDefault("orleanssync.raft.ready.turn.duration");
            var (proposalMs, proposals) = _totals.GetValueOrDefault("orleanssync.raft.proposal.duration");
            var perPair = Math.Max(1, pairs);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"  per pair: {syncs / perPair:F2} fsyncs ({Mean(syncMs, syncCount):F2} ms each), {Total("orleanssync.raft.wal.entries") / Math.Max(1, syncs):F2} entries per fsync, " +
                $"{turns / (double)perPair:F2} ready turns ({Mean(turnMs, turns):F2} ms each), {Total("orleanssync.raft.peer.calls") / perPair:F2} peer calls, " +
                $"{proposals / (double)perPair:F2} proposals ({Mean(proposalMs, proposals):F2} ms at the leader)");
        }
    }

    public void Dispose() => _listener.Dispose();

    private static double Mean(double sum, long count) => count == 0 ? 0 : sum / count;

    private double Total(string name) => _totals.GetValueOrDefault(name).Sum;

    private void Add(string name, double value)
    {
        lock (_gate)
        {
            var (sum, count) = _totals.GetValueOrDefault(name);
            _totals[name] = (sum + value, count + 1);
        }
    }
}
