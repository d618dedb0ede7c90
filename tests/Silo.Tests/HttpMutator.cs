using System.Text;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// Random damage to a valid request that keeps it complete, so the server always has enough to
/// answer: bytes of the request line and headers are replaced, inserted or deleted (never CR or
/// LF, and never in the Content-Length value, which could make the server wait for more body),
/// header lines are deleted, doubled or swapped, body bytes are replaced (length kept).
/// </summary>
internal static class HttpMutator
{
    private static readonly byte[] Interesting = Encoding.Latin1.GetBytes(" \t\0\u0001\u007f\u00ff:;,\"{}[]%/\\-+.0e9aZ");

    public static byte[] Mutate(Random random, string head, string body, out string description)
    {
        var headBytes = new List<byte>(Encoding.Latin1.GetBytes(head));
        var bodyBytes = Encoding.Latin1.GetBytes(body);
        var steps = new List<string>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var operation = random.Next(body.Length > 0 ? 7 : 6);
            steps.Add(operation switch
            {
                0 => ReplaceInHead(random, headBytes),
                1 => InsertInHead(random, headBytes),
                2 => DeleteInHead(random, headBytes),
                3 => DeleteHeaderLine(random, headBytes),
                4 => DoubleHeaderLine(random, headBytes),
                5 => SwapHeaderLines(random, headBytes),
                _ => ReplaceInBody(random, bodyBytes),
            });
        }

        description = string.Join("; ", steps);
        return [.. headBytes, .. bodyBytes];
    }

    private static byte Pick(Random random)
    {
        if (random.Next(2) == 0)
        {
            return Interesting[random.Next(Interesting.Length)];
        }

        var value = (byte)random.Next(256);
        return value is (byte)'\r' or (byte)'\n' ? (byte)'x' : value;
    }

    /// <summary>Positions that may change: not CR or LF, not inside the Content-Length value, not the final blank line.</summary>
    private static List<int> Mutable(List<byte> head)
    {
        var text = Encoding.Latin1.GetString([.. head]);
        var lengthValue = text.IndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
        var lengthEnd = lengthValue < 0 ? -1 : text.IndexOf("\r\n", lengthValue, StringComparison.Ordinal);
        return [.. Enumerable.Range(0, head.Count - 2).Where(i => head[i] is not ((byte)'\r' or (byte)'\n') && !(lengthValue >= 0 && i > lengthValue + 14 && i < lengthEnd))];
    }

    private static string ReplaceInHead(Random random, List<byte> head)
    {
        var positions = Mutable(head);
        var at = positions[random.Next(positions.Count)];
        var value = Pick(random);
        head[at] = value;
        return $"head[{at}]=0x{value:x2}";
    }

    private static string InsertInHead(Random random, List<byte> head)
    {
        var positions = Mutable(head);
        var at = positions[random.Next(positions.Count)];
        var value = Pick(random);
        head.Insert(at, value);
        return $"insert 0x{value:x2} at {at}";
    }

    private static string DeleteInHead(Random random, List<byte> head)
    {
        var positions = Mutable(head);
        var at = positions[random.Next(positions.Count)];
        head.RemoveAt(at);
        return $"delete head[{at}]";
    }

    private static string DeleteHeaderLine(Random random, List<byte> head)
    {
        var lines = HeaderLines(head);
        if (lines.Count == 0)
        {
            return "no header to delete";
        }

        var (start, length) = lines[random.Next(lines.Count)];
        head.RemoveRange(start, length);
        return $"delete header line at {start}";
    }

    private static string DoubleHeaderLine(Random random, List<byte> head)
    {
        var lines = HeaderLines(head);
        if (lines.Count == 0)
        {
            return "no header to double";
        }

        var (start, length) = lines[random.Next(lines.Count)];
        head.InsertRange(start, head.GetRange(start, length));
        return $"double header line at {start}";
    }

    private static string SwapHeaderLines(Random random, List<byte> head)
    {
        var lines = HeaderLines(head);
        if (lines.Count < 2)
        {
            return "no headers to swap";
        }

        // Swapping the request line with a header makes a header the first line.
        var first = random.Next(lines.Count);
        var (start, length) = lines[first];
        var line = head.GetRange(start, length);
        head.RemoveRange(start, length);
        head.InsertRange(0, line);
        return $"header line at {start} moved first";
    }

    private static string ReplaceInBody(Random random, byte[] body)
    {
        var at = random.Next(body.Length);
        var value = Pick(random);
        body[at] = value;
        return $"body[{at}]=0x{value:x2}";
    }

    /// <summary>Each header line (start, length including its CRLF), after the request line and before the blank line.</summary>
    private static List<(int Start, int Length)> HeaderLines(List<byte> head)
    {
        var lines = new List<(int, int)>();
        var start = head.IndexOf((byte)'\n') + 1;
        while (start > 0 && start < head.Count - 2)
        {
            var end = head.IndexOf((byte)'\n', start);
            if (end < 0)
            {
                break;
            }

            lines.Add((start, end - start + 1));
            start = end + 1;
        }

        return lines;
    }
}
