namespace OrleansSync.Runtime.Serialization;

/// <summary>The built-in codecs for scalar types, strings and byte arrays.</summary>
internal static class ScalarCodecs
{
    public static object? Find(Type type)
    {
        if (type == typeof(string))
        {
            return new DelegateCodec<string?>((w, v) => w.WriteString(v), r => r.ReadString());
        }

        if (type == typeof(byte[]))
        {
            return new DelegateCodec<byte[]?>((w, v) => w.WriteNullableBytes(v, v is null), r => r.ReadNullableBytes());
        }

        return FindInteger(type) ?? FindOther(type);
    }

    private static object? FindInteger(Type type)
    {
        if (type == typeof(int))
        {
            return new DelegateCodec<int>((w, v) => w.WriteVarInt64(v), r => (int)Narrow(r.ReadVarInt64(), int.MinValue, int.MaxValue));
        }

        if (type == typeof(long))
        {
            return new DelegateCodec<long>((w, v) => w.WriteVarInt64(v), r => r.ReadVarInt64());
        }

        if (type == typeof(uint))
        {
            return new DelegateCodec<uint>((w, v) => w.WriteVarUInt32(v), r => r.ReadVarUInt32());
        }

        if (type == typeof(ulong))
        {
            return new DelegateCodec<ulong>((w, v) => w.WriteVarUInt64(v), r => r.ReadVarUInt64());
        }

        if (type == typeof(short))
        {
            return new DelegateCodec<short>((w, v) => w.WriteVarInt64(v), r => (short)Narrow(r.ReadVarInt64(), short.MinValue, short.MaxValue));
        }

        if (type == typeof(ushort))
        {
            return new DelegateCodec<ushort>((w, v) => w.WriteVarUInt32(v), r => (ushort)Narrow(r.ReadVarUInt32(), 0, ushort.MaxValue));
        }

        if (type == typeof(byte))
        {
            return new DelegateCodec<byte>((w, v) => w.WriteByte(v), r => r.ReadByte());
        }

        if (type == typeof(sbyte))
        {
            return new DelegateCodec<sbyte>((w, v) => w.WriteByte((byte)v), r => (sbyte)r.ReadByte());
        }

        return null;
    }

    private static object? FindOther(Type type)
    {
        if (type == typeof(bool))
        {
            return new DelegateCodec<bool>((w, v) => w.WriteByte(v ? (byte)1 : (byte)0), r => ReadBool(r));
        }

        if (type == typeof(double))
        {
            return new DelegateCodec<double>((w, v) => w.WriteFixed64(BitConverter.DoubleToUInt64Bits(v)), r => BitConverter.UInt64BitsToDouble(r.ReadFixed64()));
        }

        if (type == typeof(float))
        {
            return new DelegateCodec<float>((w, v) => w.WriteFixed32(BitConverter.SingleToUInt32Bits(v)), r => BitConverter.UInt32BitsToSingle(r.ReadFixed32()));
        }

        if (type == typeof(char))
        {
            return new DelegateCodec<char>((w, v) => w.WriteVarUInt32(v), r => (char)Narrow(r.ReadVarUInt32(), 0, char.MaxValue));
        }

        if (type == typeof(Guid))
        {
            return new DelegateCodec<Guid>((w, v) => WriteGuid(w, v), r => new Guid(r.ReadSpan(16)));
        }

        if (type == typeof(TimeSpan))
        {
            return new DelegateCodec<TimeSpan>((w, v) => w.WriteVarInt64(v.Ticks), r => new TimeSpan(r.ReadVarInt64()));
        }

        if (type == typeof(DateTimeOffset))
        {
            return new DelegateCodec<DateTimeOffset>((w, v) => WriteDateTimeOffset(w, v), r => ReadDateTimeOffset(r));
        }

        if (type == typeof(decimal))
        {
            return new DelegateCodec<decimal>((w, v) => WriteDecimal(w, v), r => ReadDecimal(r));
        }

        return null;
    }

    private static long Narrow(long value, long min, long max)
    {
        if (value < min || value > max)
        {
            throw new GrainSerializationException($"Value {value} out of range [{min}, {max}].");
        }

        return value;
    }

    private static bool ReadBool(GrainReader reader) => reader.ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw new GrainSerializationException($"Bad boolean byte {other}."),
    };

    private static void WriteGuid(GrainWriter writer, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        writer.WriteBytes(bytes);
    }

    private static void WriteDateTimeOffset(GrainWriter writer, DateTimeOffset value)
    {
        writer.WriteVarInt64(value.UtcTicks);
        writer.WriteVarInt64((long)value.Offset.TotalMinutes);
    }

    private static DateTimeOffset ReadDateTimeOffset(GrainReader reader)
    {
        var utcTicks = reader.ReadVarInt64();
        var offsetMinutes = Narrow(reader.ReadVarInt64(), -14 * 60, 14 * 60);
        try
        {
            return new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new GrainSerializationException("DateTimeOffset out of range.", ex);
        }
    }

    private static void WriteDecimal(GrainWriter writer, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        foreach (var part in bits)
        {
            writer.WriteFixed32((uint)part);
        }
    }

    private static decimal ReadDecimal(GrainReader reader)
    {
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = (int)reader.ReadFixed32();
        }

        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException ex)
        {
            throw new GrainSerializationException("Malformed decimal.", ex);
        }
    }
}
