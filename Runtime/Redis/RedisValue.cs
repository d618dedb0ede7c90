using System.Globalization;
using System.Text;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// One argument of a command (the command name is an argument too): text sent as UTF-8, raw bytes,
/// or an integer sent as its decimal text, which is how Redis expects numbers.
/// </summary>
public readonly struct RedisValue : IEquatable<RedisValue>
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;

    private RedisValue(string? text, ReadOnlyMemory<byte> bytes)
    {
        _text = text;
        _bytes = bytes;
    }

    /// <summary>The text when built from a string or integer; null when built from bytes.</summary>
    internal string? Text => _text;

    /// <summary>The bytes when built from bytes; empty when built from text.</summary>
    internal ReadOnlyMemory<byte> RawBytes => _bytes;

    public static implicit operator RedisValue(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), default);

    public static implicit operator RedisValue(byte[] bytes) => new(null, bytes ?? throw new ArgumentNullException(nameof(bytes)));

    public static implicit operator RedisValue(ReadOnlyMemory<byte> bytes) => new(null, bytes);

    public static implicit operator RedisValue(long value) => new(value.ToString(CultureInfo.InvariantCulture), default);

    public static implicit operator RedisValue(int value) => new(value.ToString(CultureInfo.InvariantCulture), default);

    public static bool operator ==(RedisValue left, RedisValue right) => left.Equals(right);

    public static bool operator !=(RedisValue left, RedisValue right) => !left.Equals(right);

    /// <summary>The UTF-8 bytes this value is sent as.</summary>
    public byte[] ToArray() => _text is null ? _bytes.ToArray() : Encoding.UTF8.GetBytes(_text);

    public override string ToString() => _text ?? Encoding.UTF8.GetString(_bytes.Span);

    public bool Equals(RedisValue other) => ToArray().AsSpan().SequenceEqual(other.ToArray());

    public override bool Equals(object? obj) => obj is RedisValue other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(ToArray());
        return hash.ToHashCode();
    }
}
