using System.Globalization;
using System.Text;
using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>Server-side RESP encoding of replies, used to feed the parser in tests.</summary>
internal static class RespTestEncoder
{
    public static byte[] Encode(RedisReply reply, bool nullAsArray = false)
    {
        var output = new MemoryStream();
        Write(output, reply, nullAsArray);
        return output.ToArray();
    }

    public static byte[] Encode(IEnumerable<RedisReply> replies) => replies.SelectMany(reply => Encode(reply)).ToArray();

    private static void Write(MemoryStream output, RedisReply reply, bool nullAsArray)
    {
        switch (reply.Kind)
        {
            case RedisReplyKind.SimpleString:
                Line(output, '+', reply.Bytes.Span);
                break;
            case RedisReplyKind.Error:
                Line(output, '-', reply.Bytes.Span);
                break;
            case RedisReplyKind.Integer:
                Line(output, ':', Ascii(reply.Integer));
                break;
            case RedisReplyKind.BulkString:
                Blob(output, '$', reply.Bytes.Span);
                break;
            case RedisReplyKind.VerbatimString:
                Blob(output, '=', reply.Bytes.Span);
                break;
            case RedisReplyKind.Null:
                Line(output, nullAsArray ? '*' : '$', "-1"u8);
                break;
            case RedisReplyKind.Double:
                Line(output, ',', reply.Bytes.Span);
                break;
            case RedisReplyKind.BigNumber:
                Line(output, '(', reply.Bytes.Span);
                break;
            case RedisReplyKind.Boolean:
                Line(output, '#', reply.Integer == 1 ? "t"u8 : "f"u8);
                break;
            default:
                WriteAggregate(output, reply, nullAsArray);
                break;
        }
    }

    private static void WriteAggregate(MemoryStream output, RedisReply reply, bool nullAsArray)
    {
        var (prefix, count) = reply.Kind switch
        {
            RedisReplyKind.Array => ('*', reply.Elements.Count),
            RedisReplyKind.Set => ('~', reply.Elements.Count),
            RedisReplyKind.Push => ('>', reply.Elements.Count),
            RedisReplyKind.Map => ('%', reply.Elements.Count / 2),
            _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.Kind, "unknown kind"),
        };
        Line(output, prefix, Ascii(count));
        foreach (var element in reply.Elements)
        {
            Write(output, element, nullAsArray);
        }
    }

    private static byte[] Ascii(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static void Line(MemoryStream output, char prefix, ReadOnlySpan<byte> text)
    {
        output.WriteByte((byte)prefix);
        output.Write(text);
        output.Write("\r\n"u8);
    }

    private static void Blob(MemoryStream output, char prefix, ReadOnlySpan<byte> bytes)
    {
        Line(output, prefix, Ascii(bytes.Length));
        output.Write(bytes);
        output.Write("\r\n"u8);
    }
}
