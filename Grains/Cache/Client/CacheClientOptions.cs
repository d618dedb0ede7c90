namespace OrleansSync.Grains.Cache.Client;

/// <summary>Which silo's near cache a <see cref="CacheClient"/> goes through.</summary>
public sealed class CacheClientOptions
{
    /// <summary>
    /// The silo identity (<c>SiloAddress.ToParsableString()</c>) whose near cache serves this
    /// client; null picks the first active silo, by address, when first needed. Inside a silo,
    /// pass the local silo's so hits stay on the machine.
    /// </summary>
    public string? Silo { get; set; }
}
