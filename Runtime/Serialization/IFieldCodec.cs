namespace OrleansSync.Runtime.Serialization;

/// <summary>
/// Encodes and decodes values of one type. Implementations are stateless and thread-safe.
/// Reference-type codecs encode null themselves.
/// </summary>
public interface IFieldCodec<T>
{
    void Write(GrainWriter writer, T value);

    T Read(GrainReader reader);
}
