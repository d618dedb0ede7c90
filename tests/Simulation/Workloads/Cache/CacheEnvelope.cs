using OrleansSync.Grains.Cache;

namespace OrleansSync.Simulation.Workloads.Cache;

/// <summary>
/// One message on the simulated network. To the directory: <see cref="Command"/> from a silo's
/// incarnation with its request sequence number (the directory host deduplicates retries, as Raft
/// sessions do). To a silo: a <see cref="Result"/> for a request (a reply or a notification), or an
/// <see cref="Invalidation"/> (the stream).
/// </summary>
internal sealed record CacheEnvelope(string Silo, int Incarnation, long Sequence, CacheCommand? Command, CacheResult? Result, CacheInvalidation? Invalidation);
