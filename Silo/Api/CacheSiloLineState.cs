namespace OrleansSync.Silo.Api;

/// <summary>One silo's copy of a key: <paramref name="State"/> "M", "E", "S" or "I"; a silo that did not answer has no state and an <paramref name="Error"/>.</summary>
internal sealed record CacheSiloLineState(string Silo, string? State, string? Error = null);
