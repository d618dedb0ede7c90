namespace OrleansSync.Grains.Cache;

/// <summary>A fill or write that the log applied at <paramref name="Index"/> and that waits for its turn on its key.</summary>
internal sealed record CacheRequest(ulong Index, CacheCommand Command);
