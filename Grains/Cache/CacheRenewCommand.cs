namespace OrleansSync.Grains.Cache;

/// <summary>Extends the lease of <paramref name="Silo"/>'s grant <paramref name="GrantIndex"/> of <paramref name="Key"/> (renewal by use).</summary>
internal sealed record CacheRenewCommand(string Key, string Silo, ulong GrantIndex) : CacheCommand;
