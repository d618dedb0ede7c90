
namespace OrleansSync.Grains.Interfaces.Locks;

/// <summary>
/// The cluster's one deadlock detector (key <c>"0"</c>): every detection period it gathers the
/// wait-for edges of every lock group, finds cycles and aborts the youngest wait of each.
/// </summary>
public interface IDeadlockDetectorGrain : IGrainWithStringKey
{
    /// <summary>Activates the detector (its timer then runs the rounds); idempotent. Each silo calls it periodically.</summary>
    Task Start();

    /// <summary>Rounds run and waits aborted by this activation so far.</summary>
    Task<DeadlockDetectorStatus> GetStatus();
}
