using System.Text;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// Malformed requests, as raw bytes, every one complete (the server has all it needs to answer):
/// broken request lines and versions, bad headers, conflicting or broken framing, oversized
/// parts, non-strict JSON, wrong media types, wrong methods and paths. Each must be refused (4xx),
/// except the few Kestrel reads leniently (marked): those may be served, like any valid request.
/// </summary>
internal static class MalformedHttpCorpus
{
    private const string Close = "Connection: close\r\n";
    private const string Json = "Content-Type: application/json\r\n";

    public static IReadOnlyList<(string Name, byte[] Request, bool MustRefuse)> Build(string host)
    {
        var corpus = new List<(string, byte[], bool)>();
        void Add(string name, string raw) => corpus.Add((name, Encoding.Latin1.GetBytes(raw), true));
        void Lenient(string name, string raw) => corpus.Add((name, Encoding.Latin1.GetBytes(raw), false));
        string Host() => $"Host: {host}\r\n";
        string Post(string path, string body, string contentType = Json) =>
            $"POST {path} HTTP/1.1\r\n{Host()}{contentType}Content-Length: {Encoding.Latin1.GetByteCount(body)}\r\n{Close}\r\n{body}";

        // Request lines and versions.
        Add("garbage line", "GARBAGE\r\n\r\n");
        Add("method only", "GET\r\n\r\n");
        Add("no version", $"GET /health\r\n{Host()}{Close}\r\n");
        Add("extra token", $"GET /health HTTP/1.1 extra\r\n{Host()}{Close}\r\n");
        Add("double space", $"GET  /health HTTP/1.1\r\n{Host()}{Close}\r\n");
        Add("leading space", $" GET /health HTTP/1.1\r\n{Host()}{Close}\r\n");
        Add("trailing space", $"GET /health HTTP/1.1 \r\n{Host()}{Close}\r\n");
        Add("NUL first", $"\0GET /health HTTP/1.1\r\n{Host()}{Close}\r\n");
        Add("target without slash", $"GET health HTTP/1.1\r\n{Host()}{Close}\r\n");
        Add("bad method char", $"G@T /health HTTP/1.1\r\n{Host()}{Close}\r\n");
        Add("control in target", $"GET /he\u0001alth HTTP/1.1\r\n{Host()}{Close}\r\n");
        Add("space in target", $"GET /he alth HTTP/1.1\r\n{Host()}{Close}\r\n");
        Add("asterisk target for GET", $"GET * HTTP/1.1\r\n{Host()}{Close}\r\n");
        Add("CONNECT with a path", $"CONNECT /health HTTP/1.1\r\n{Host()}{Close}\r\n");
        foreach (var version in new[] { "HTTP/1.x", "HTTP/2.0", "HTTP/0.9", "HTTP/9.9", "HTTP/1.10", "http/1.1", "HTTP/1", "HTTP/", "HTTX/1.1", "HTTP/1.1.1" })
        {
            Add($"version {version}", $"GET /health {version}\r\n{Host()}{Close}\r\n");
        }

        Add("414 long path", $"GET /{new string('a', 9_000)} HTTP/1.1\r\n{Host()}{Close}\r\n");
        Add("414 long query", $"GET /health?q={new string('q', 9_000)} HTTP/1.1\r\n{Host()}{Close}\r\n");
        Add("414 long lock name", $"POST /locks/{new string('n', 9_000)}/try HTTP/1.1\r\n{Host()}Content-Length: 0\r\n{Close}\r\n");

        // Headers.
        Add("no Host", $"GET /health HTTP/1.1\r\n{Close}\r\n");
        Add("two Hosts", $"GET /health HTTP/1.1\r\n{Host()}{Host()}{Close}\r\n");
        Add("Host with space", $"GET /health HTTP/1.1\r\nHost: a b\r\n{Close}\r\n");
        Add("Host with path", $"GET /health HTTP/1.1\r\nHost: a/b\r\n{Close}\r\n");
        Add("header without colon", $"GET /health HTTP/1.1\r\n{Host()}Foo\r\n{Close}\r\n");
        Add("space before colon", $"GET /health HTTP/1.1\r\n{Host()}Foo : bar\r\n{Close}\r\n");
        Add("space in header name", $"GET /health HTTP/1.1\r\n{Host()}Fo o: bar\r\n{Close}\r\n");
        Add("empty header name", $"GET /health HTTP/1.1\r\n{Host()}: bar\r\n{Close}\r\n");
        Lenient("control in header value", $"GET /health HTTP/1.1\r\n{Host()}Foo: a\u0001b\r\n{Close}\r\n");
        Add("NUL in header value", $"GET /health HTTP/1.1\r\n{Host()}Foo: a\0b\r\n{Close}\r\n");
        Add("bare CR in header value", $"GET /health HTTP/1.1\r\n{Host()}Foo: a\rb\r\n{Close}\r\n");
        Add("obsolete line folding", $"GET /health HTTP/1.1\r\n{Host()}Foo: a\r\n b\r\n{Close}\r\n");
        Add("non-ASCII header name", $"GET /health HTTP/1.1\r\n{Host()}F\u00f6o: bar\r\n{Close}\r\n");
        Lenient("header name with slash", $"GET /health HTTP/1.1\r\n{Host()}Fo/o: bar\r\n{Close}\r\n");
        Add("431 one huge header", $"GET /health HTTP/1.1\r\n{Host()}X-Big: {new string('b', 40_000)}\r\n{Close}\r\n");
        Add("431 many headers", $"GET /health HTTP/1.1\r\n{Host()}{string.Concat(Enumerable.Range(0, 2_000).Select(i => $"X-H{i}: {new string('h', 20)}\r\n"))}{Close}\r\n");

        // Framing.
        const string Try = "/locks/corpus-framing/try";
        Lenient("Content-Length '+2'", $"POST {Try} HTTP/1.1\r\n{Host()}{Json}Content-Length: +2\r\n{Close}\r\n{{}}");
        foreach (var length in new[] { "abc", "-1", "1.5", "2, 3", "99999999999999999999", " ", "0x2" })
        {
            Add($"Content-Length '{length}'", $"POST {Try} HTTP/1.1\r\n{Host()}{Json}Content-Length: {length}\r\n{Close}\r\n{{}}");
        }

        Add("two different Content-Lengths", $"POST {Try} HTTP/1.1\r\n{Host()}{Json}Content-Length: 2\r\nContent-Length: 3\r\n{Close}\r\n{{}} ");
        Add("Content-Length and chunked", $"POST {Try} HTTP/1.1\r\n{Host()}{Json}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n{Close}\r\n2\r\n{{}}\r\n0\r\n\r\n");
        Add("Content-Length and bad chunk", $"POST {Try} HTTP/1.1\r\n{Host()}{Json}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n{Close}\r\nzz\r\n{{}}\r\n0\r\n\r\n");
        foreach (var coding in new[] { "gzip", "chunked, gzip", "identity", "chunkedx", "chunked, chunked", "foo" })
        {
            Add($"Transfer-Encoding '{coding}'", $"POST {Try} HTTP/1.1\r\n{Host()}{Json}Transfer-Encoding: {coding}\r\n{Close}\r\n2\r\n{{}}\r\n0\r\n\r\n");
        }

        foreach (var (name, chunks) in new[]
        {
            ("chunk size zz", "zz\r\n{}\r\n0\r\n\r\n"),
            ("chunk size -1", "-1\r\n{}\r\n0\r\n\r\n"),
            ("chunk size overflow", "fffffffffffffffffffff\r\n{}\r\n0\r\n\r\n"),
            ("chunk size with space inside", "2 2\r\n{}\r\n0\r\n\r\n"),
            ("chunk data without CRLF", "2\r\n{}XX0\r\n\r\n"),
            ("chunk shorter than its data", "1\r\n{}\r\n0\r\n\r\n"),
            ("chunk extension with control", "2;\u0001\r\n{}\r\n0\r\n\r\n"),
            ("chunk size empty", "\r\n{}\r\n0\r\n\r\n"),
        })
        {
            Add(name, $"POST {Try} HTTP/1.1\r\n{Host()}{Json}Transfer-Encoding: chunked\r\n{Close}\r\n{chunks}");
        }

        Add("chunked over HTTP/1.0", $"POST {Try} HTTP/1.0\r\n{Host()}{Json}Transfer-Encoding: chunked\r\n{Close}\r\n2\r\n{{}}\r\n0\r\n\r\n");
        Add("413 by Content-Length", $"POST {Try} HTTP/1.1\r\n{Host()}{Json}Content-Length: 50000000\r\n{Close}\r\n{{}}");
        Add("413 by body", Post(Try, "{\"mode\":\"" + new string('m', 20_000) + "\"}"));
        Add("413 chunked", $"POST {Try} HTTP/1.1\r\n{Host()}{Json}Transfer-Encoding: chunked\r\n{Close}\r\n{20_000:x}\r\n{new string(' ', 20_000)}\r\n0\r\n\r\n");

        // Strict JSON (a fresh lock per request: none of these may reach a lock group).
        var bodies = new[]
        {
            "{\"ttlMs\":\"3000\"}", "{\"waitMs\":\"0\"}", "{\"ttlMs\":3000,\"ttlMs\":4000}", "{\"mode\":\"shared\",\"mode\":\"shared\"}",
            "{\"ttlMs\":null,\"ttlMs\":null}", "{\"colour\":\"red\"}", "{\"TtlMs\":3000}", "{\"ttlMs\":3000.5}", "{\"ttlMs\":3e3}",
            "{\"ttlMs\":3000.0}", "{\"ttlMs\":true}", "{\"ttlMs\":{}}", "{\"ttlMs\":[3000]}", "{\"mode\":1}", "{\"mode\":[\"shared\"]}",
            "{\"mode\":{\"name\":\"shared\"}}", "[]", "\"text\"", "123", "true", "null", "{,}", "{\"ttlMs\":3000,}", "{\"ttlMs\":3000}x",
            "{\"ttlMs\":3000}{\"ttlMs\":3000}", "/* note */{}", "{\"ttlMs\":01000}", "{\"ttlMs\":99999999999999999999}", "{'ttlMs':3000}",
            "{ttlMs:3000}", "{\"ttlMs\":NaN}", "{\"ttlMs\":Infinity}", "{\"mode\":\"shared", "[[[[[[[[[[]]]]]]]]]]", "\u00ef\u00bb\u00bf{}",
            "{\"ttlMs\":3000 // note\n}", "{\"t\\u0074lMs\":3000,\"ttlMs\":3000}", "{\"ttlMs\":-}", "{\"mode\":\"shared\"\"ttlMs\":3000}",
            "{\"leaseId\":0}", "{\"leaseId\":5,\"ttlMs\":3000}", "{\"leaseId\":\"5\"}", "{\"ttlMs\":2000,\"waitMs\":1.5}",
        };
        for (var i = 0; i < bodies.Length; i++)
        {
            Add($"json {bodies[i]}", Post($"/locks/corpus-json-{i}/acquire", bodies[i]));
        }

        foreach (var body in new[] { "{\"leaseId\":\"1\"}", "{\"leaseId\":1.0}", "{\"leaseId\":-1}", "{\"leaseId\":18446744073709551616}", "{\"leaseId\":1,\"leaseId\":2}", "{\"lease\":1}" })
        {
            Add($"release {body}", Post("/locks/corpus-release/release", body));
        }

        Add("invalid UTF-8 in a string", $"POST /locks/corpus-utf8/try HTTP/1.1\r\n{Host()}{Json}Content-Length: 13\r\n{Close}\r\n{{\"mode\":\"\u00ff\u00fe\"}}");

        // Media types.
        foreach (var type in new[] { "text/plain", "application/xml", "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "json" })
        {
            Add($"Content-Type {type}", Post("/locks/corpus-media/try", "{}", $"Content-Type: {type}\r\n"));
        }

        Add("body without Content-Type", Post("/locks/corpus-media/try", "{}", string.Empty));

        // Methods and paths.
        foreach (var (method, path) in new[]
        {
            ("DELETE", "/locks/x/acquire"), ("PUT", "/locks/x/release"), ("PATCH", "/locks/x/try"), ("PUT", "/health"), ("DELETE", "/health"),
            ("POST", "/status"), ("POST", "/metrics"), ("FOO", "/health"), ("GET", "/no/such/path"), ("POST", "/locks/x/frobnicate"),
            ("POST", "/nope"), ("GET", "/locks"),
        })
        {
            Add($"{method} {path}", $"{method} {path} HTTP/1.1\r\n{Host()}Content-Length: 0\r\n{Close}\r\n");
        }

        // The framework's bare 404/405 bodies used to follow Accept, falling back to text/plain.
        Add("404 asking for HTML", $"GET /no/such/path HTTP/1.1\r\n{Host()}Accept: text/html\r\n{Close}\r\n");
        Add("405 asking for text", $"DELETE /health HTTP/1.1\r\n{Host()}Accept: text/plain\r\n{Close}\r\n");
        Add("lock refusal asking for XML", Post("/locks/corpus-accept/acquire", "{\"ttlMs\":\"3000\"}", Json + "Accept: application/xml\r\n"));

        return corpus;
    }
}
