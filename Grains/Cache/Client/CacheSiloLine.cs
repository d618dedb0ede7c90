namespace OrleansSync.Grains.Cache.Client;

/// <summary>One active silo's copy of a key: <paramref name="State"/> "M", "E", "S" or "I", or null with <paramref name="Error"/> when the silo did not answer.</summary>
public sealed record CacheSiloLine(CacheSilo Silo, string? State, string? Error);
