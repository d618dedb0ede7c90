using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace OrleansSync.Silo.Api;

/// <summary>
/// Kestrel rejects some requests before any middleware runs (a malformed request line or header,
/// an invalid or doubled Content-Length, a Transfer-Encoding that does not end in chunked, a
/// missing Host, a request line over 8 KB: 414, headers over 32 KB: 431, an unknown HTTP
/// version: 505) and answers them itself with no body and <c>Connection: close</c>. A connection
/// middleware sees those bytes on their way out and turns them into the same problem details the
/// API gives (status kept, 505 made a 400: nothing a client sends earns a 5xx), with the code of
/// the status. Kestrel's own reason is not available at that point, so the detail is per status.
/// </summary>
internal static class KestrelRejectionProblems
{
    /// <summary>Longest response the rewrite looks at: Kestrel's rejections are a status line and four headers.</summary>
    private const int MaxRejectionBytes = 512;

    private static ReadOnlySpan<byte> StatusLinePrefix => "HTTP/1.1 "u8;

    private static ReadOnlySpan<byte> EmptyLength => "\r\nContent-Length: 0\r\n"u8;

    private static ReadOnlySpan<byte> ConnectionClose => "\r\nConnection: close\r\n"u8;

    private static ReadOnlySpan<byte> HeadersEnd => "\r\n\r\n"u8;

    /// <summary>
    /// Adds the connection middleware to every endpoint Kestrel binds. Call before the host starts:
    /// Kestrel reads its endpoint defaults when it binds.
    /// </summary>
    public static void Install(IServiceProvider services)
    {
        var kestrel = services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            connection.Transport = new RejectionRewritingPipe(connection.Transport);
            return next(connection);
        }));
    }

    /// <summary>
    /// The problem details response for one of Kestrel's bodiless 4xx/5xx rejections (status line,
    /// <c>Content-Length: 0</c>, <c>Connection: close</c>, nothing after the headers); null for
    /// anything else, which passes unchanged. Every response of the API itself has a body.
    /// </summary>
    public static byte[]? TryRewrite(ReadOnlySpan<byte> response)
    {
        if (response.Length > MaxRejectionBytes || response.Length < StatusLinePrefix.Length + 3 || !response.StartsWith(StatusLinePrefix)
            || response[StatusLinePrefix.Length] is not ((byte)'4' or (byte)'5')
            || !Utf8Parser.TryParse(response.Slice(StatusLinePrefix.Length, 3), out int status, out var consumed) || consumed != 3
            || response.IndexOf(HeadersEnd) != response.Length - HeadersEnd.Length
            || response.IndexOf(EmptyLength) < 0 || response.IndexOf(ConnectionClose) < 0)
        {
            return null;
        }

        var answered = status == StatusCodes.Status505HttpVersionNotsupported ? StatusCodes.Status400BadRequest : status;
        var code = status == StatusCodes.Status505HttpVersionNotsupported ? ProblemCodes.UnsupportedHttpVersion : ProblemCodes.OfStatus(status);
        var body = Body(answered, code, DetailOf(status));

        // Keep Kestrel's other headers (Connection: close, Date, Server); replace its empty length.
        var firstLineEnd = response.IndexOf("\r\n"u8);
        var headers = Encoding.ASCII.GetString(response[(firstLineEnd + 2)..^2]).Replace("Content-Length: 0\r\n", string.Empty, StringComparison.Ordinal);
        var head = $"HTTP/1.1 {answered} {ReasonOf(answered)}\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n{headers}\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private static byte[] Body(int status, string code, string detail)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", ProblemCodes.TypePrefix + code);
            json.WriteString("title", "The HTTP request is malformed.");
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            json.WriteString("code", code);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string DetailOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest =>
            "The server could not read the request: a malformed request line or header, an invalid or repeated Content-Length, " +
            "a Transfer-Encoding that does not end in chunked, or no Host header. The connection is closed.",
        StatusCodes.Status408RequestTimeout => "The request headers did not arrive in time.",
        StatusCodes.Status411LengthRequired => "A request with a body needs a Content-Length or chunked Transfer-Encoding.",
        StatusCodes.Status414UriTooLong => "The request line is longer than the server reads (8 KB).",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are larger than the server reads (32 KB in all).",
        StatusCodes.Status505HttpVersionNotsupported => "Only HTTP/1.0 and HTTP/1.1 are spoken here.",
        _ => "The server refused the request before it reached the API.",
    };

    private static string ReasonOf(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : "Error";
}
