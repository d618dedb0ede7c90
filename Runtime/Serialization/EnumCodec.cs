namespace OrleansSync.Runtime.Serialization;

/// <summary>Enums travel as their numeric value (zig-zag varint), so renaming members is safe.</summary>
internal sealed class EnumCodec<T> : IFieldCodec<T>
    where T : struct, Enum
{
    public void Write(GrainWriter writer, T value) => writer.WriteVarInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));

    public T Read(GrainReader reader)
    {
        var raw = reader.ReadVarInt64();
        return (T)Enum.ToObject(typeof(T), raw);
    }
}
