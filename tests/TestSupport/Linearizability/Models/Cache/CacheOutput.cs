namespace OrleansSync.TestSupport.Linearizability.Models.Cache;

/// <summary>
/// What the client was told: the value and version it read or wrote (a delete: null and 0), or
/// for a compare-and-set that found another version, <see cref="Swapped"/> false with the version
/// found. <see cref="Refused"/> means the request was refused before it could take effect (busy).
/// </summary>
public sealed record CacheOutput(string? Value, ulong Version, bool Swapped = true, bool Refused = false)
{
    public override string ToString() => Refused ? "refused" : Swapped ? $"{Value ?? "(absent)"} v{Version}" : $"mismatch v{Version}";
}
