namespace OrleansSync.Grains.Cache.Client;

/// <summary>The silos of one membership read: by identity (the directory's holders may have died since) and the active ones in address order.</summary>
internal sealed record CacheSiloDirectory(IReadOnlyDictionary<string, CacheSilo> ByIdentity, IReadOnlyList<CacheSilo> Active)
{
    /// <summary>The silo of <paramref name="identity"/>; one the membership no longer lists is named by its identity.</summary>
    public CacheSilo Named(string identity) => ByIdentity.TryGetValue(identity, out var silo) ? silo : new CacheSilo(identity, identity);
}
