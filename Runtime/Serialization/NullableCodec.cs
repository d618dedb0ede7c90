namespace OrleansSync.Runtime.Serialization;

internal sealed class NullableCodec<T> : IFieldCodec<T?>
    where T : struct
{
    public void Write(GrainWriter writer, T? value)
    {
        writer.WriteByte(value.HasValue ? (byte)1 : (byte)0);
        if (value.HasValue)
        {
            Codec<T>.Write(writer, value.Value);
        }
    }

    public T? Read(GrainReader reader) => reader.ReadByte() switch
    {
        0 => null,
        1 => Codec<T>.Read(reader),
        var other => throw new GrainSerializationException($"Bad nullable marker {other}."),
    };
}
