namespace OrleansSync.Grains.Locks;

/// <summary>Closes a lease: releases everything it holds and cancels its waits.</summary>
public sealed record CloseLeaseCommand(ulong LeaseId) : LockCommand;
