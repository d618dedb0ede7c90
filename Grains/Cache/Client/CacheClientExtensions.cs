namespace OrleansSync.Grains.Cache.Client;

/// <summary>Orleans-style access to the coherent cache: <c>await client.Cache().GetAsync("k")</c>.</summary>
public static class CacheClientExtensions
{
    /// <summary>A cache client through the first active silo's near cache.</summary>
    public static CacheClient Cache(this IGrainFactory grains) => new(grains);

    /// <summary>A cache client through the near cache of <paramref name="silo"/> (a <c>SiloAddress.ToParsableString()</c>).</summary>
    public static CacheClient Cache(this IGrainFactory grains, string silo) => new(grains, new CacheClientOptions { Silo = silo });
}
