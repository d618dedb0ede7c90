namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>The answer to <see cref="INearCacheGrain.Put"/> and <see cref="INearCacheGrain.Delete"/>.</summary>
/// <param name="Version">The version written (0 after a delete); for <see cref="CacheErrorCode.VersionMismatch"/>, the current one.</param>
/// <param name="Error">None, or why the write failed.</param>
/// <param name="Detail">Why, when it failed.</param>
[GenerateSerializer]
[Immutable]
public sealed record CacheWriteReply(
    [property: Id(0)] ulong Version,
    [property: Id(1)] CacheErrorCode Error,
    [property: Id(2)] string? Detail);
