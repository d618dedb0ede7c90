namespace OrleansSync.Runtime.Serialization;

/// <summary>Whole-value helpers: serialize one value to bytes and back (used for grain state).</summary>
public static class GrainSerializer
{
    public static byte[] Serialize<T>(T value)
    {
        var writer = new GrainWriter();
        Codec<T>.Write(writer, value);
        return writer.ToArray();
    }

    public static T Deserialize<T>(ReadOnlyMemory<byte> bytes)
    {
        var reader = new GrainReader(bytes);
        var value = Codec<T>.Read(reader);
        reader.EnsureFullyConsumed();
        return value;
    }
}
