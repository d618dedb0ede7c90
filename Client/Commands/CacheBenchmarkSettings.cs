namespace OrleansSync.Client.Commands;

/// <summary>
/// What <c>bench cache</c> runs: <paramref name="Clients"/> loops spread over the active silos' near
/// caches, each reading (or, <paramref name="WritePercent"/> of the time, writing) a key drawn
/// uniformly from <paramref name="Keys"/>, with a random source seeded from <paramref name="Seed"/>.
/// </summary>
internal sealed record CacheBenchmarkSettings(int Clients, int Keys, int WritePercent, int Seed, TimeSpan Duration);
