using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Silo.Api;

/// <summary>
/// The body of <c>GET /cluster/wait-for</c>: every group's wait-for edges as read now (the graph
/// the deadlock detector searches), and the detector's statistics and last deadlocks broken.
/// </summary>
/// <param name="Edges">"Waiter waits for blocker" edges of every group that answered.</param>
/// <param name="GroupErrors">Groups that did not answer, with why.</param>
/// <param name="Detector">The detector's rounds, aborts and recent deadlocks, or null when it did not answer.</param>
/// <param name="DetectorError">Why the detector did not answer, or null.</param>
internal sealed record WaitForState(IReadOnlyList<WaitForEdgeState> Edges, IReadOnlyList<LockGroupTotals> GroupErrors, DeadlockDetectorStatus? Detector, string? DetectorError);
