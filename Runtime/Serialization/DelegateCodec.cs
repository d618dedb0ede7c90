namespace OrleansSync.Runtime.Serialization;

/// <summary>A codec built from two delegates; used for the built-in scalar types.</summary>
internal sealed class DelegateCodec<T> : IFieldCodec<T>
{
    private readonly Action<GrainWriter, T> _write;
    private readonly Func<GrainReader, T> _read;

    public DelegateCodec(Action<GrainWriter, T> write, Func<GrainReader, T> read)
    {
        _write = write;
        _read = read;
    }

    public void Write(GrainWriter writer, T value) => _write(writer, value);

    public T Read(GrainReader reader) => _read(reader);
}
