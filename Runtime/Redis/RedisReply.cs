using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// One parsed RESP reply. Immutable; its bytes are copied out of the network buffer, so it can be
/// kept after the next reply arrives.
/// </summary>
public sealed class RedisReply
{
    private static readonly RedisReply[] NoElements = [];

    /// <summary>The shared null reply.</summary>
    public static readonly RedisReply Null = new(RedisReplyKind.Null, ReadOnlyMemory<byte>.Empty, 0, NoElements);

    private RedisReply(RedisReplyKind kind, ReadOnlyMemory<byte> bytes, long integer, IReadOnlyList<RedisReply> elements)
    {
        Kind = kind;
        Bytes = bytes;
        Integer = integer;
        Elements = elements;
    }

    /// <summary>The RESP type.</summary>
    public RedisReplyKind Kind { get; }

    /// <summary>The payload of string-like kinds (simple, error, bulk, verbatim, double and big-number text); empty otherwise.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The value of <see cref="RedisReplyKind.Integer"/> (and 1/0 for <see cref="RedisReplyKind.Boolean"/>).</summary>
    public long Integer { get; }

    /// <summary>The elements of aggregate kinds (array, set, push; a map as key, value, key, value); empty otherwise.</summary>
    public IReadOnlyList<RedisReply> Elements { get; }

    /// <summary>True for a null bulk string, null array or RESP3 null.</summary>
    public bool IsNull => Kind == RedisReplyKind.Null;

    public static RedisReply SimpleString(ReadOnlyMemory<byte> bytes) => new(RedisReplyKind.SimpleString, bytes, 0, NoElements);

    public static RedisReply Error(ReadOnlyMemory<byte> bytes) => new(RedisReplyKind.Error, bytes, 0, NoElements);

    public static RedisReply FromInteger(long value) => new(RedisReplyKind.Integer, ReadOnlyMemory<byte>.Empty, value, NoElements);

    public static RedisReply BulkString(ReadOnlyMemory<byte> bytes) => new(RedisReplyKind.BulkString, bytes, 0, NoElements);

    public static RedisReply Aggregate(RedisReplyKind kind, IReadOnlyList<RedisReply> elements)
    {
        if (kind is not (RedisReplyKind.Array or RedisReplyKind.Map or RedisReplyKind.Set or RedisReplyKind.Push))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an aggregate kind");
        }

        return new RedisReply(kind, ReadOnlyMemory<byte>.Empty, 0, elements);
    }

    public static RedisReply Array(IReadOnlyList<RedisReply> elements) => Aggregate(RedisReplyKind.Array, elements);

    public static RedisReply FromBoolean(bool value) => new(RedisReplyKind.Boolean, ReadOnlyMemory<byte>.Empty, value ? 1 : 0, NoElements);

    /// <summary>A text-carrying RESP3 kind (double, big number, verbatim string).</summary>
    public static RedisReply Text(RedisReplyKind kind, ReadOnlyMemory<byte> bytes)
    {
        if (kind is not (RedisReplyKind.Double or RedisReplyKind.BigNumber or RedisReplyKind.VerbatimString))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a text kind");
        }

        return new RedisReply(kind, bytes, 0, NoElements);
    }

    /// <summary>The reply as text (UTF-8), or null for a null reply. Integers and booleans are formatted in decimal.</summary>
    public string? AsString() => Kind switch
    {
        RedisReplyKind.Null => null,
        RedisReplyKind.Integer or RedisReplyKind.Boolean => Integer.ToString(CultureInfo.InvariantCulture),
        RedisReplyKind.SimpleString or RedisReplyKind.BulkString or RedisReplyKind.Error or RedisReplyKind.Double
            or RedisReplyKind.BigNumber => Encoding.UTF8.GetString(Bytes.Span),
        RedisReplyKind.VerbatimString => Encoding.UTF8.GetString(Bytes.Span[Math.Min(4, Bytes.Length)..]),
        _ => throw Unexpected("a string"),
    };

    /// <summary>The reply's bytes, or null for a null reply.</summary>
    public byte[]? AsBytes() => Kind switch
    {
        RedisReplyKind.Null => null,
        RedisReplyKind.SimpleString or RedisReplyKind.BulkString or RedisReplyKind.VerbatimString => Bytes.ToArray(),
        RedisReplyKind.Integer => Encoding.ASCII.GetBytes(Integer.ToString(CultureInfo.InvariantCulture)),
        _ => throw Unexpected("bytes"),
    };

    /// <summary>The reply as a 64-bit integer: an integer reply, a boolean, or a string holding a decimal integer.</summary>
    public long AsInteger()
    {
        if (Kind is RedisReplyKind.Integer or RedisReplyKind.Boolean)
        {
            return Integer;
        }

        if (Kind is RedisReplyKind.BulkString or RedisReplyKind.SimpleString
            && Utf8Parser.TryParse(Bytes.Span, out long value, out var consumed) && consumed == Bytes.Length)
        {
            return value;
        }

        throw Unexpected("an integer");
    }

    /// <summary>The elements of an array, set or push reply (a null array gives an empty list).</summary>
    public IReadOnlyList<RedisReply> AsElements() => Kind switch
    {
        RedisReplyKind.Null => NoElements,
        RedisReplyKind.Array or RedisReplyKind.Set or RedisReplyKind.Push or RedisReplyKind.Map => Elements,
        _ => throw Unexpected("an array"),
    };

    public override string ToString() => Kind switch
    {
        RedisReplyKind.Null => "(nil)",
        RedisReplyKind.Array or RedisReplyKind.Map or RedisReplyKind.Set or RedisReplyKind.Push =>
            $"{Kind}[{string.Join(", ", Elements)}]",
        _ => $"{Kind}({AsString()})",
    };

    private RedisProtocolException Unexpected(string expected) =>
        new($"expected {expected} reply but the server sent {Kind}: {Describe()}");

    private string Describe()
    {
        var text = ToString();
        const int MaxDescriptionChars = 200;
        return text.Length <= MaxDescriptionChars ? text : text[..MaxDescriptionChars] + "...";
    }
}
