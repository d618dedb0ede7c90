
namespace OrleansSync.Grains.Interfaces.Locks;

/// <summary>What the deadlock detector's current activation has done.</summary>
/// <param name="Rounds">Detection rounds completed.</param>
/// <param name="Aborts">Waits aborted to break a cycle.</param>
/// <param name="LastCycle">The last cycle broken, as text, or null.</param>
/// <param name="Recent">The last deadlocks broken (at most <see cref="MaxRecent"/>), newest first; null from an older detector.</param>
[GenerateSerializer]
public sealed record DeadlockDetectorStatus(
    [property: Id(0)] long Rounds,
    [property: Id(1)] long Aborts,
    [property: Id(2)] string? LastCycle,
    [property: Id(3)] IReadOnlyList<DeadlockRecord>? Recent = null)
{
    /// <summary>How many broken deadlocks the detector remembers for dashboards.</summary>
    public const int MaxRecent = 32;
}
