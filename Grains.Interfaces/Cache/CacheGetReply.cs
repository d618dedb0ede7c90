namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>The answer to <see cref="INearCacheGrain.Get"/>.</summary>
/// <param name="Found">The key has a value.</param>
/// <param name="Value">The value when <paramref name="Found"/>.</param>
/// <param name="Version">The key's version (0 = absent).</param>
/// <param name="Hit">Served from the silo's live copy, with no message.</param>
/// <param name="Error">None, or why the read failed.</param>
/// <param name="Detail">Why, when it failed.</param>
[GenerateSerializer]
[Immutable]
public sealed record CacheGetReply(
    [property: Id(0)] bool Found,
    [property: Id(1)] byte[]? Value,
    [property: Id(2)] ulong Version,
    [property: Id(3)] bool Hit,
    [property: Id(4)] CacheErrorCode Error,
    [property: Id(5)] string? Detail);
