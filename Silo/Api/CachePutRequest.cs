namespace OrleansSync.Silo.Api;

/// <summary>The body of <c>PUT /cache/{key}</c>.</summary>
/// <param name="Value">The value, a JSON string stored as its UTF-8 bytes (required).</param>
/// <param name="TtlMs">Time to live in milliseconds from the write (optional; none by default).</param>
/// <param name="ExpectedVersion">Makes the write a compare-and-set: the key must be at this version (0 = absent).</param>
internal sealed record CachePutRequest(string? Value, long? TtlMs, ulong? ExpectedVersion)
{
    public static readonly IReadOnlyCollection<string> Members = ["value", "ttlMs", "expectedVersion"];

    /// <summary>The request the body states; null with the reason if a member has the wrong type.</summary>
    public static CachePutRequest? From(StrictJsonObject body, out string? error) =>
        body.TryGetString("value", out var value, out error) && body.TryGetInt64("ttlMs", out var ttlMs, out error)
            && body.TryGetUInt64("expectedVersion", out var expected, out error)
            ? new CachePutRequest(value, ttlMs, expected)
            : null;
}
