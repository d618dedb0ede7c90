namespace OrleansSync.Grains.Locks;

/// <summary>Releases one hold of <paramref name="LockName"/> (reentrant holds are counted).</summary>
public sealed record ReleaseCommand(string LockName, ulong LeaseId) : LockCommand;
