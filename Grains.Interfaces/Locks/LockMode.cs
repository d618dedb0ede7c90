namespace OrleansSync.Grains.Interfaces.Locks;

/// <summary>How a lock is held.</summary>
public enum LockMode : byte
{
    /// <summary>Any number of shared holders at once, and no exclusive holder.</summary>
    Shared = 1,

    /// <summary>One holder, alone.</summary>
    Exclusive = 2,
}
