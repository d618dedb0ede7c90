namespace OrleansSync.Grains.Service;

/// <summary>
/// Which primitive a command or query of a Raft group is for: its first byte. Every group hosts
/// all three (<see cref="ServiceStateMachine"/>); values are on disk and on the wire, never renumber.
/// </summary>
public enum ServiceKind : byte
{
    Locks = 1,
    Queues = 2,
    Cache = 3,
}
