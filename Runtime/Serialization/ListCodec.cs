namespace OrleansSync.Runtime.Serialization;

/// <summary>
/// Sequences: <see cref="List{T}"/> and the list/collection interfaces it implements; the value
/// read back is always a <see cref="List{T}"/> (or a <see cref="HashSet{T}"/> for sets).
/// </summary>
internal sealed class ListCodec<TCollection, T> : IFieldCodec<TCollection?>
    where TCollection : class, IEnumerable<T>
{
    private readonly bool _asSet;

    public ListCodec(bool asSet)
    {
        _asSet = asSet;
    }

    public void Write(GrainWriter writer, TCollection? value)
    {
        if (value is null)
        {
            writer.WriteVarUInt32(0);
            return;
        }

        var items = value as IReadOnlyCollection<T> ?? value.ToList();
        writer.WriteVarUInt32((uint)items.Count + 1);
        foreach (var item in items)
        {
            Codec<T>.Write(writer, item);
        }
    }

    public TCollection? Read(GrainReader reader)
    {
        var countPlusOne = reader.ReadVarUInt32();
        if (countPlusOne == 0)
        {
            return null;
        }

        var count = reader.CheckedCount(countPlusOne - 1);
        reader.EnterNested();
        ICollection<T> result = _asSet ? new HashSet<T>(count) : new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(Codec<T>.Read(reader));
        }

        reader.ExitNested();
        return (TCollection)(object)result;
    }
}
