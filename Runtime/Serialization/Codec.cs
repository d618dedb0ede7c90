namespace OrleansSync.Runtime.Serialization;

/// <summary>
/// The codec for <typeparamref name="T"/>, resolved once per type and cached in this static
/// generic class, so generated proxies and invokers reach it without a lookup per call.
/// </summary>
public static class Codec<T>
{
    private static IFieldCodec<T>? _instance;

    public static IFieldCodec<T> Instance => _instance ??= CodecRegistry.Resolve<T>();

    public static void Write(GrainWriter writer, T value) => Instance.Write(writer, value);

    public static T Read(GrainReader reader) => Instance.Read(reader);
}
