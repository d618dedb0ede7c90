namespace OrleansSync.Grains.Cache;

/// <summary>Carries committed time only: leases, pending operations and TTLs due by then expire.</summary>
internal sealed record CacheExpireCommand : CacheCommand;
