namespace OrleansSync.TestSupport.Linearizability.Models.Cache;

/// <summary>What a cache client asked for.</summary>
public enum CacheOperationKind
{
    Get = 1,
    Put = 2,
    Delete = 3,

    /// <summary>A put that succeeds only if the key's version is <see cref="CacheInput.ExpectedVersion"/> (0 = absent).</summary>
    CompareAndSet = 4,
}
