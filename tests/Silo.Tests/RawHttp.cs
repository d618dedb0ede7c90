using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// Sends bytes as they are to a silo's HTTP port over a plain TCP socket (no HttpClient to tidy
/// them up) and parses every response that comes back: Content-Length and chunked bodies. A read
/// ends when the server closes the connection, or when a response is complete and nothing more
/// arrives for a moment (the server keeps the connection open for the next request).
/// </summary>
internal static class RawHttp
{
    private static readonly TimeSpan QuietAfterResponse = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan NoAnswer = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyList<RawHttpResponse>> SendAsync(Uri server, byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(request);
        }
        catch (IOException)
        {
            // The server may close while a large malformed request is still being written: read what it answered.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var complete = Parse(received.ToArray(), out var responses);
            using var wait = new CancellationTokenSource(complete ? QuietAfterResponse : NoAnswer);
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, wait.Token);
            }
            catch (OperationCanceledException) when (complete)
            {
                return responses;
            }
            catch (IOException)
            {
                read = 0; // reset by the server after its answer
            }

            if (read == 0)
            {
                Parse(received.ToArray(), out responses);
                return responses;
            }

            received.Write(buffer, 0, read);
        }
    }

    /// <summary>Parses complete responses; true if at least one is complete and nothing partial follows.</summary>
    private static bool Parse(byte[] data, out List<RawHttpResponse> responses)
    {
        responses = [];
        var offset = 0;
        while (offset < data.Length)
        {
            var headerEnd = IndexOf(data, "\r\n\r\n"u8, offset);
            if (headerEnd < 0)
            {
                return false;
            }

            var head = Encoding.Latin1.GetString(data, offset, headerEnd - offset).Split("\r\n");
            var status = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in head.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }

            var bodyStart = headerEnd + 4;
            byte[] body;
            if (headers.TryGetValue("content-length", out var length))
            {
                var size = int.Parse(length, CultureInfo.InvariantCulture);
                if (bodyStart + size > data.Length)
                {
                    return false;
                }

                body = data[bodyStart..(bodyStart + size)];
                offset = bodyStart + size;
            }
            else if (headers.TryGetValue("transfer-encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                var chunks = new MemoryStream();
                var at = bodyStart;
                while (true)
                {
                    var lineEnd = IndexOf(data, "\r\n"u8, at);
                    if (lineEnd < 0)
                    {
                        return false;
                    }

                    var size = int.Parse(Encoding.ASCII.GetString(data, at, lineEnd - at).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (lineEnd + 2 + size + 2 > data.Length)
                    {
                        return false;
                    }

                    chunks.Write(data, lineEnd + 2, size);
                    at = lineEnd + 2 + size + 2;
                    if (size == 0)
                    {
                        break;
                    }
                }

                body = chunks.ToArray();
                offset = at;
            }
            else
            {
                // No framing: the body runs to the end of the connection (HTTP/1.0 style).
                body = data[bodyStart..];
                offset = data.Length;
            }

            responses.Add(new RawHttpResponse(status, headers, body));
        }

        return responses.Count > 0;
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> pattern, int from)
    {
        var index = data.AsSpan(from).IndexOf(pattern);
        return index < 0 ? -1 : from + index;
    }
}
