namespace OrleansSync.Silo.Tests;

/// <summary>One HTTP/1.1 response as read off a socket: status, headers (names lower-cased) and body.</summary>
internal sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? ContentType => Headers.TryGetValue("content-type", out var value) ? value : null;
}
