namespace OrleansSync.Silo.Api;

/// <summary>The answer of <c>GET /cache/{key}</c> and <c>PUT /cache/{key}</c>.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value (UTF-8; a PUT answers with what it wrote).</param>
/// <param name="Version">The key's version: it grows with every write, also across delete and re-create.</param>
/// <param name="Hit">For a GET: served from this silo's live copy, with no message (false for a PUT).</param>
internal sealed record CacheEntryResponse(string Key, string Value, ulong Version, bool Hit);
