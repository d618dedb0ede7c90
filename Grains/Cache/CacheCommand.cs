namespace OrleansSync.Grains.Cache;

/// <summary>A command of the <see cref="CacheDirectory"/>; every field is validated when applied.</summary>
internal abstract record CacheCommand;
