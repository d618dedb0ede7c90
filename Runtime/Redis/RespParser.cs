using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// A streaming RESP2/RESP3 reply parser. <see cref="TryParse"/> either consumes one whole reply, or
/// reports that the buffer holds only part of one (consuming nothing), or throws
/// <see cref="RedisProtocolException"/> for malformed input or input over a limit. Partial input is
/// re-parsed from its start when more bytes arrive; the limits bound how much is ever buffered.
/// </summary>
internal sealed class RespParser
{
    private const int MaxIntegerLineBytes = 20;

    private readonly int _maxBulkBytes;
    private readonly int _maxArrayElements;
    private readonly int _maxNestingDepth;
    private readonly int _maxLineBytes;

    public RespParser(int maxBulkBytes, int maxArrayElements, int maxNestingDepth, int maxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBulkBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxArrayElements);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNestingDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        _maxBulkBytes = maxBulkBytes;
        _maxArrayElements = maxArrayElements;
        _maxNestingDepth = maxNestingDepth;
        _maxLineBytes = maxLineBytes;
    }

    public static RespParser FromOptions(RedisOptions options) =>
        new(options.MaxBulkBytes, options.MaxArrayElements, options.MaxNestingDepth, options.MaxLineBytes);

    /// <summary>
    /// Parses one reply from the start of <paramref name="buffer"/>. On success the buffer is sliced
    /// past the reply; when the reply is incomplete it returns false and leaves the buffer as it was.
    /// </summary>
    public bool TryParse(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out RedisReply? reply)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryReadValue(ref reader, depth: 0, out reply))
        {
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    /// <summary>Reads one value; <paramref name="depth"/> counts the aggregates that enclose it.</summary>
    private bool TryReadValue(ref SequenceReader<byte> reader, int depth, [NotNullWhen(true)] out RedisReply? reply)
    {
        reply = null;
        if (!reader.TryRead(out var prefix) || !TryReadLine(ref reader, prefix, out var line))
        {
            return false;
        }

        switch (prefix)
        {
            case (byte)'+':
                reply = RedisReply.SimpleString(line.ToArray());
                return true;
            case (byte)'-':
                reply = RedisReply.Error(line.ToArray());
                return true;
            case (byte)':':
                reply = RedisReply.FromInteger(ParseInteger(line, "integer"));
                return true;
            case (byte)'$':
            case (byte)'!':
            case (byte)'=':
                return TryReadBlob(ref reader, prefix, ParseInteger(line, "bulk length"), out reply);
            case (byte)'*':
            case (byte)'~':
            case (byte)'>':
            case (byte)'%':
                return TryReadAggregate(ref reader, prefix, ParseInteger(line, "aggregate length"), depth, out reply);
            default:
                reply = ParseResp3Scalar(prefix, line);
                return true;
        }
    }

    private static RedisReply ParseResp3Scalar(byte prefix, ReadOnlySequence<byte> line)
    {
        switch (prefix)
        {
            case (byte)'_':
                return line.IsEmpty ? RedisReply.Null : throw Malformed("a RESP3 null must have an empty line");
            case (byte)'#':
                return line.Length == 1 && line.FirstSpan[0] is (byte)'t' or (byte)'f'
                    ? RedisReply.FromBoolean(line.FirstSpan[0] == (byte)'t')
                    : throw Malformed("a RESP3 boolean must be 't' or 'f'");
            case (byte)',':
                var text = System.Text.Encoding.ASCII.GetString(line.ToArray());
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    || text is "inf" or "-inf" or "nan"
                    ? RedisReply.Text(RedisReplyKind.Double, line.ToArray())
                    : throw Malformed($"invalid RESP3 double '{text}'");
            case (byte)'(':
                return IsBigNumber(line.ToArray())
                    ? RedisReply.Text(RedisReplyKind.BigNumber, line.ToArray())
                    : throw Malformed("invalid RESP3 big number");
            case (byte)'|':
                throw Malformed("RESP3 attributes are not supported");
            default:
                throw Malformed($"unknown type prefix 0x{prefix:X2}");
        }
    }

    private static bool IsBigNumber(ReadOnlySpan<byte> text)
    {
        var digits = text.Length > 0 && text[0] == (byte)'-' ? text[1..] : text;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var digit in digits)
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryReadBlob(ref SequenceReader<byte> reader, byte prefix, long length, [NotNullWhen(true)] out RedisReply? reply)
    {
        reply = null;
        if (length == -1 && prefix == (byte)'$')
        {
            reply = RedisReply.Null;
            return true;
        }

        if (length < 0)
        {
            throw Malformed($"negative length {length} for type '{(char)prefix}'");
        }

        if (length > _maxBulkBytes)
        {
            throw Malformed($"bulk string of {length} bytes exceeds MaxBulkBytes={_maxBulkBytes}");
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        var payload = reader.UnreadSequence.Slice(0, length).ToArray();
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw Malformed("bulk string is not terminated by CRLF where its length says it ends");
        }

        if (prefix == (byte)'=' && (payload.Length < 4 || payload[3] != (byte)':'))
        {
            throw Malformed("a RESP3 verbatim string must start with a three-letter format and ':'");
        }

        reply = prefix switch
        {
            (byte)'$' => RedisReply.BulkString(payload),
            (byte)'!' => RedisReply.Error(payload),
            _ => RedisReply.Text(RedisReplyKind.VerbatimString, payload),
        };
        return true;
    }

    private bool TryReadAggregate(ref SequenceReader<byte> reader, byte prefix, long count, int depth, [NotNullWhen(true)] out RedisReply? reply)
    {
        reply = null;
        if (count == -1 && prefix == (byte)'*')
        {
            reply = RedisReply.Null;
            return true;
        }

        var elementCount = prefix == (byte)'%' ? count * 2 : count;
        if (count < 0)
        {
            throw Malformed($"negative length {count} for type '{(char)prefix}'");
        }

        if (elementCount > _maxArrayElements)
        {
            throw Malformed($"aggregate of {elementCount} elements exceeds MaxArrayElements={_maxArrayElements}");
        }

        if (depth + 1 > _maxNestingDepth)
        {
            throw Malformed($"replies nested deeper than MaxNestingDepth={_maxNestingDepth}");
        }

        var elements = elementCount == 0 ? [] : new RedisReply[elementCount];
        for (var index = 0; index < elements.Length; index++)
        {
            if (!TryReadValue(ref reader, depth + 1, out var element))
            {
                return false;
            }

            elements[index] = element;
        }

        var kind = prefix switch
        {
            (byte)'*' => RedisReplyKind.Array,
            (byte)'~' => RedisReplyKind.Set,
            (byte)'>' => RedisReplyKind.Push,
            _ => RedisReplyKind.Map,
        };
        reply = RedisReply.Aggregate(kind, elements);
        return true;
    }

    /// <summary>Reads up to CRLF; fails fast on a line longer than the limit or holding a bare CR or LF.</summary>
    private bool TryReadLine(ref SequenceReader<byte> reader, byte prefix, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, "\r\n"u8, advancePastDelimiter: true))
        {
            if (reader.Remaining > _maxLineBytes + 1)
            {
                throw Malformed($"line longer than MaxLineBytes={_maxLineBytes} after type '{(char)prefix}'");
            }

            if (reader.UnreadSequence.PositionOf((byte)'\n') is not null)
            {
                throw Malformed("line terminated by a bare LF instead of CRLF");
            }

            return false;
        }

        if (line.Length > _maxLineBytes)
        {
            throw Malformed($"line longer than MaxLineBytes={_maxLineBytes} after type '{(char)prefix}'");
        }

        if (line.PositionOf((byte)'\n') is not null || line.PositionOf((byte)'\r') is not null)
        {
            throw Malformed("a bare CR or LF inside a line");
        }

        return true;
    }

    private static long ParseInteger(ReadOnlySequence<byte> line, string what)
    {
        if (line.IsEmpty || line.Length > MaxIntegerLineBytes)
        {
            throw Malformed($"invalid {what}: expected 1 to {MaxIntegerLineBytes} digits");
        }

        Span<byte> digits = stackalloc byte[MaxIntegerLineBytes];
        line.CopyTo(digits);
        digits = digits[..(int)line.Length];
        if (digits[0] == (byte)'+' || !Utf8Parser.TryParse(digits, out long value, out var consumed) || consumed != digits.Length)
        {
            throw Malformed($"invalid {what} '{System.Text.Encoding.ASCII.GetString(digits)}'");
        }

        return value;
    }

    private static RedisProtocolException Malformed(string message) => new("malformed RESP: " + message);
}
