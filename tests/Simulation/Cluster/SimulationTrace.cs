namespace OrleansSync.Simulation.Cluster;

/// <summary>
/// The last lines of what happened in a run, for a failure report. Disabled by default: a
/// failing seed is re-run with the trace on (runs are deterministic), so passing seeds pay nothing.
/// </summary>
internal sealed class SimulationTrace(bool enabled, int capacityLines = SimulationTrace.DefaultCapacityLines)
{
    public const int DefaultCapacityLines = 2000;

    private readonly Queue<string> _lines = new();

    public bool Enabled { get; } = enabled;

    public void Add(long tick, string line)
    {
        if (!Enabled)
        {
            return;
        }

        if (_lines.Count == capacityLines)
        {
            _lines.Dequeue();
        }

        _lines.Enqueue($"[{tick,6}] {line}");
    }

    public IReadOnlyCollection<string> Lines => _lines;
}
