namespace OrleansSync.Runtime.Serialization;

internal sealed class ArrayCodec<T> : IFieldCodec<T[]?>
{
    public void Write(GrainWriter writer, T[]? value)
    {
        if (value is null)
        {
            writer.WriteVarUInt32(0);
            return;
        }

        writer.WriteVarUInt32((uint)value.Length + 1);
        foreach (var item in value)
        {
            Codec<T>.Write(writer, item);
        }
    }

    public T[]? Read(GrainReader reader)
    {
        var countPlusOne = reader.ReadVarUInt32();
        if (countPlusOne == 0)
        {
            return null;
        }

        var result = new T[reader.CheckedCount(countPlusOne - 1)];
        reader.EnterNested();
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Codec<T>.Read(reader);
        }

        reader.ExitNested();
        return result;
    }
}
