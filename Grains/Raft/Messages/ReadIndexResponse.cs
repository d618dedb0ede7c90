namespace OrleansSync.Grains.Raft;

/// <summary>The leader answers a forwarded read: reading after applying <paramref name="Index"/> is linearizable.</summary>
public sealed record ReadIndexResponse(ulong From, ulong To, ulong Term, ReadOnlyMemory<byte> Context, ulong Index)
    : RaftMessage(From, To, Term);
