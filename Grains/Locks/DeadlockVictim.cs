namespace OrleansSync.Grains.Locks;

/// <summary>A wait to abort to break a deadlock, and the cycle it breaks, as text for the error.</summary>
public sealed record DeadlockVictim(WaitForEdge Wait, string Cycle);
