namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>
/// What a directory leader publishes on one silo's invalidation stream after a batch of commands:
/// every invalidation addressed to <paramref name="Silo"/>. Streams are at most once, so the
/// leader also resends the unacknowledged ones; a notice may arrive twice, and acks are idempotent.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record CacheInvalidationBatch(
    [property: Id(0)] string Silo,
    [property: Id(1)] CacheInvalidationNotice[] Notices);
