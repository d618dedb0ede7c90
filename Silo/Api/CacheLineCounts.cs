using System.Text.Json.Serialization;

namespace OrleansSync.Silo.Api;

/// <summary>Live lines by MESI state; the names are the state letters, not camelCased.</summary>
internal sealed record CacheLineCounts(
    [property: JsonPropertyName("M")] int Modified,
    [property: JsonPropertyName("E")] int Exclusive,
    [property: JsonPropertyName("S")] int Shared);
