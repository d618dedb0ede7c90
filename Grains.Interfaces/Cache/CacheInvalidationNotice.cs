namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>
/// Drop (or, when <paramref name="Downgrade"/>, downgrade to S) the copy of <paramref name="Key"/>
/// granted at or before <paramref name="OperationIndex"/>, then ack that operation.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record CacheInvalidationNotice(
    [property: Id(0)] string Key,
    [property: Id(1)] ulong OperationIndex,
    [property: Id(2)] bool Downgrade);
