using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace OrleansSync.Runtime.Serialization;

/// <summary>
/// Finds the codec for a type once (the result is cached by <see cref="Codec{T}"/>): built-in
/// scalars, enums, nullables, arrays, lists, sets, dictionaries, and the codecs the source
/// generator registers for <see cref="GenerateSerializerAttribute"/> types.
/// </summary>
public static class CodecRegistry
{
    private static readonly ConcurrentDictionary<Type, object> Registered = new();

    /// <summary>Called by generated module initializers.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register<T>(IFieldCodec<T> codec) => Registered[typeof(T)] = codec;

    internal static IFieldCodec<T> Resolve<T>()
    {
        var type = typeof(T);
        var codec = Registered.GetValueOrDefault(type) ?? ScalarCodecs.Find(type) ?? FindConstructed(type);
        if (codec is null)
        {
            // A generated codec registers itself when its assembly's module initializer runs;
            // make sure it has run before giving up.
            RuntimeHelpers.RunModuleConstructor(type.Module.ModuleHandle);
            codec = Registered.GetValueOrDefault(type);
        }

        return codec as IFieldCodec<T> ?? throw new GrainSerializationException(
            $"Type {type.FullName} is not serializable: use a built-in type, a collection of them, or mark it [GenerateSerializer] with [Id(n)] members.");
    }

    private static object? FindConstructed(Type type)
    {
        if (type.IsEnum)
        {
            return Create(typeof(EnumCodec<>), type);
        }

        if (type.IsArray && type.GetArrayRank() == 1)
        {
            return Create(typeof(ArrayCodec<>), type.GetElementType()!);
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        if (definition == typeof(Nullable<>))
        {
            return Create(typeof(NullableCodec<>), arguments[0]);
        }

        if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
            || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>))
        {
            return Activator.CreateInstance(typeof(ListCodec<,>).MakeGenericType(type, arguments[0]), [false]);
        }

        if (definition == typeof(HashSet<>) || definition == typeof(ISet<>) || definition == typeof(IReadOnlySet<>))
        {
            return Activator.CreateInstance(typeof(ListCodec<,>).MakeGenericType(type, arguments[0]), [true]);
        }

        if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
        {
            return Activator.CreateInstance(typeof(DictionaryCodec<,,>).MakeGenericType(type, arguments[0], arguments[1]));
        }

        return null;
    }

    private static object? Create(Type codecDefinition, Type argument) =>
        Activator.CreateInstance(codecDefinition.MakeGenericType(argument));
}
