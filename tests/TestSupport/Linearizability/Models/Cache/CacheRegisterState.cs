namespace OrleansSync.TestSupport.Linearizability.Models.Cache;

/// <summary>One key's value and version; <see cref="Version"/> is null after a write whose answer nobody saw.</summary>
public sealed record CacheRegisterState(string? Value, ulong? Version);
