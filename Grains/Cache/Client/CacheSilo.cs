namespace OrleansSync.Grains.Cache.Client;

/// <summary>
/// A silo as the cache reports it: its <paramref name="Identity"/> (<c>SiloAddress.ToParsableString()</c>,
/// one incarnation, what the directory records) and its <paramref name="Name"/> (the membership's
/// silo name, or its endpoint when it has none: the names <c>/cluster/silos</c> uses).
/// </summary>
public sealed record CacheSilo(string Identity, string Name);
