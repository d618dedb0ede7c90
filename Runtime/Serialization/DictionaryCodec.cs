namespace OrleansSync.Runtime.Serialization;

/// <summary>Dictionaries (and the dictionary interfaces); read back as <see cref="Dictionary{TKey, TValue}"/>.</summary>
internal sealed class DictionaryCodec<TDictionary, TKey, TValue> : IFieldCodec<TDictionary?>
    where TDictionary : class, IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    public void Write(GrainWriter writer, TDictionary? value)
    {
        if (value is null)
        {
            writer.WriteVarUInt32(0);
            return;
        }

        var items = value as IReadOnlyCollection<KeyValuePair<TKey, TValue>> ?? value.ToList();
        writer.WriteVarUInt32((uint)items.Count + 1);
        foreach (var (key, item) in items)
        {
            Codec<TKey>.Write(writer, key);
            Codec<TValue>.Write(writer, item);
        }
    }

    public TDictionary? Read(GrainReader reader)
    {
        var countPlusOne = reader.ReadVarUInt32();
        if (countPlusOne == 0)
        {
            return null;
        }

        var count = reader.CheckedCount(countPlusOne - 1);
        reader.EnterNested();
        var result = new Dictionary<TKey, TValue>(count);
        for (var i = 0; i < count; i++)
        {
            var key = Codec<TKey>.Read(reader);
            if (key is null || !result.TryAdd(key, Codec<TValue>.Read(reader)))
            {
                throw new GrainSerializationException("Dictionary key is null or duplicated.");
            }
        }

        reader.ExitNested();
        return (TDictionary)(object)result;
    }
}
