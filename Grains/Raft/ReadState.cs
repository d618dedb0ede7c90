namespace OrleansSync.Grains.Raft;

/// <summary>
/// A confirmed linearizable read: once the host has applied entries up to <paramref name="Index"/>,
/// it may answer the read identified by <paramref name="Context"/> from its state machine.
/// </summary>
public sealed record ReadState(ReadOnlyMemory<byte> Context, ulong Index);
