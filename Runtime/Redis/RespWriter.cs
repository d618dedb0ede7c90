using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace OrleansSync.Runtime.Redis;

/// <summary>Encodes commands as RESP arrays of bulk strings, which is the only form Redis accepts from clients.</summary>
internal static class RespWriter
{
    private const int MaxHeaderBytes = 24;

    /// <summary>Writes <c>*N\r\n</c> followed by one <c>$len\r\nbytes\r\n</c> per argument.</summary>
    public static void WriteCommand(IBufferWriter<byte> output, IReadOnlyList<RedisValue> arguments)
    {
        if (arguments.Count == 0)
        {
            throw new ArgumentException("a command needs at least its name", nameof(arguments));
        }

        WriteHeader(output, (byte)'*', arguments.Count);
        for (var index = 0; index < arguments.Count; index++)
        {
            WriteBulkString(output, arguments[index]);
        }
    }

    private static void WriteBulkString(IBufferWriter<byte> output, RedisValue value)
    {
        if (value.Text is { } text)
        {
            WriteHeader(output, (byte)'$', Encoding.UTF8.GetByteCount(text));
            Encoding.UTF8.GetBytes(text, output);
        }
        else
        {
            WriteHeader(output, (byte)'$', value.RawBytes.Length);
            output.Write(value.RawBytes.Span);
        }

        WriteCrlf(output);
    }

    private static void WriteHeader(IBufferWriter<byte> output, byte prefix, long length)
    {
        var span = output.GetSpan(MaxHeaderBytes);
        span[0] = prefix;
        if (!Utf8Formatter.TryFormat(length, span[1..], out var written))
        {
            throw new InvalidOperationException("a 64-bit length always fits the header buffer");
        }

        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        output.Advance(written + 3);
    }

    private static void WriteCrlf(IBufferWriter<byte> output)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        output.Advance(2);
    }
}
