using System.Text.Json.Serialization;

namespace OrleansSync.Silo.Api;

/// <summary>The body of <c>GET /cluster/cache/{key}</c>.</summary>
/// <param name="Key">The key.</param>
/// <param name="Version">Its version (0 = never written).</param>
/// <param name="Owner">The silo holding it in M or E per the directory (by name, as <c>/cluster/silos</c> names it), or null (written as null, not left out).</param>
/// <param name="Sharers">The silos holding it in S per the directory.</param>
/// <param name="Silos">Every active silo's own copy, in address order.</param>
internal sealed record CacheKeyStateResponse(
    string Key,
    ulong Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Owner,
    IReadOnlyList<string> Sharers,
    IReadOnlyList<CacheSiloLineState> Silos);
