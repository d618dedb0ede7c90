namespace OrleansSync.Grains.Cache;

/// <summary>A read miss at <paramref name="Silo"/>: grant it a copy of <paramref name="Key"/>.</summary>
internal sealed record CacheFillCommand(string Key, string Silo) : CacheCommand;
