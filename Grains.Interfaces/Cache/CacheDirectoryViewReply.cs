namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>The answer to <see cref="INearCacheGrain.GetDirectoryView"/>: the view, or why it could not be read.</summary>
[GenerateSerializer]
[Immutable]
public sealed record CacheDirectoryViewReply(
    [property: Id(0)] CacheDirectoryView? View,
    [property: Id(1)] CacheErrorCode Error,
    [property: Id(2)] string? Detail);
