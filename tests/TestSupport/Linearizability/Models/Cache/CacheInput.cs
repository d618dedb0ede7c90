namespace OrleansSync.TestSupport.Linearizability.Models.Cache;

/// <summary>A cache client's request on one key.</summary>
public sealed record CacheInput(CacheOperationKind Kind, string Key, string? Value = null, ulong ExpectedVersion = 0)
{
    public override string ToString() => Kind switch
    {
        CacheOperationKind.Get => $"get {Key}",
        CacheOperationKind.Put => $"put {Key}={Value}",
        CacheOperationKind.Delete => $"del {Key}",
        _ => $"cas {Key}@{ExpectedVersion}={Value}",
    };
}
