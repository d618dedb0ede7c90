namespace OrleansSync.Grains.Locks;

/// <summary>
/// Opens a lease that lives <paramref name="TtlMs"/> past the last keep-alive; its id is the
/// command's log index. <paramref name="Owner"/> names the client across Raft groups (a client
/// holds one lease per group it uses), so deadlock detection can join waits from several groups.
/// </summary>
public sealed record OpenLeaseCommand(string Owner, long TtlMs) : LockCommand;
