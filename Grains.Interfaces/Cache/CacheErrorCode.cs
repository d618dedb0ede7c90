namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>Why a cache directory command failed. Stable: the numbers are on the wire.</summary>
public enum CacheErrorCode : byte
{
    None = 0,

    /// <summary>Malformed command bytes or an out-of-range field (TTL, expected version, mode).</summary>
    InvalidArgument = 1,

    /// <summary>The key is empty, too long or holds control characters.</summary>
    InvalidKey = 2,

    /// <summary>The silo id is empty or too long.</summary>
    InvalidSilo = 3,

    /// <summary>The value is longer than the directory allows.</summary>
    ValueTooLarge = 4,

    /// <summary>The directory holds as many keys (or value bytes) as it may.</summary>
    CapacityExceeded = 5,

    /// <summary>The key already has as many holders as it may.</summary>
    TooManyHolders = 6,

    /// <summary>The key's queue behind its pending operation is full; retry later.</summary>
    Busy = 7,

    /// <summary>A compare-and-set found another version.</summary>
    VersionMismatch = 8,

    /// <summary>The silo does not hold that grant of the key (lease ended, invalidated, evicted), or is being invalidated.</summary>
    NotHolder = 9,

    /// <summary>The key's Raft group did not answer in time (an election, a partition); the operation may or may not have happened.</summary>
    Unavailable = 10,

    /// <summary>This silo has too many cache requests in flight; retry later.</summary>
    Overloaded = 11,
}
