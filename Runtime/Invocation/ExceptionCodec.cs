using System.Collections.Concurrent;
using System.Collections.Frozen;
using OrleansSync.Runtime.Serialization;
using OrleansSync.Runtime.Storage;

namespace OrleansSync.Runtime.Invocation;

/// <summary>
/// Exceptions cross the wire as (type name, message, stack trace). Known types are rebuilt as
/// themselves at the caller; any other becomes a <see cref="RemoteGrainException"/> naming the
/// remote type.
/// </summary>
internal static class ExceptionCodec
{
    private static readonly ConcurrentDictionary<string, Func<string, Exception>> Registered = new(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, Func<string, Exception>> Known = new Dictionary<string, Func<string, Exception>>
    {
        [typeof(ArgumentException).FullName!] = m => new ArgumentException(m),
        [typeof(ArgumentNullException).FullName!] = m => new ArgumentNullException(null, m),
        [typeof(ArgumentOutOfRangeException).FullName!] = m => new ArgumentOutOfRangeException(null, m),
        [typeof(InvalidOperationException).FullName!] = m => new InvalidOperationException(m),
        [typeof(NotSupportedException).FullName!] = m => new NotSupportedException(m),
        [typeof(KeyNotFoundException).FullName!] = m => new KeyNotFoundException(m),
        [typeof(TimeoutException).FullName!] = m => new TimeoutException(m),
        [typeof(OperationCanceledException).FullName!] = m => new OperationCanceledException(m),
        [typeof(TaskCanceledException).FullName!] = m => new TaskCanceledException(m),
        [typeof(FormatException).FullName!] = m => new FormatException(m),
        [typeof(InconsistentStateException).FullName!] = m => new InconsistentStateException(m),
        [typeof(GrainOverloadedException).FullName!] = m => new GrainOverloadedException(m),
        [typeof(GrainCallTimeoutException).FullName!] = m => new GrainCallTimeoutException(m),
        [typeof(GrainSerializationException).FullName!] = m => new GrainSerializationException(m),
        [typeof(ClusterUnavailableException).FullName!] = m => new ClusterUnavailableException(m),
        [typeof(SiloUnavailableException).FullName!] = m => new SiloUnavailableException(m, mayHaveBeenDelivered: true),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void Register(Type exceptionType, Func<string, Exception> create) =>
        Registered[exceptionType.FullName ?? exceptionType.Name] = create;

    public static void Write(GrainWriter writer, Exception exception)
    {
        if (exception is RemoteGrainException remote)
        {
            // Forwarded through another silo: keep the original type's identity.
            writer.WriteString(remote.RemoteExceptionType);
            writer.WriteString(remote.RemoteMessage);
            writer.WriteString(remote.RemoteStackTrace);
            return;
        }

        writer.WriteString(exception.GetType().FullName ?? exception.GetType().Name);
        writer.WriteString(exception.Message);
        writer.WriteString(exception.StackTrace);
    }

    public static Exception Read(GrainReader reader)
    {
        var typeName = reader.ReadString() ?? "unknown";
        var message = reader.ReadString() ?? string.Empty;
        var stackTrace = reader.ReadString();
        if (Known.TryGetValue(typeName, out var create) || Registered.TryGetValue(typeName, out create))
        {
            return create(message);
        }

        return new RemoteGrainException(typeName, message, stackTrace);
    }

    /// <summary>What a remote caller would see: local and remote calls fail the same way.</summary>
    public static Exception AsSeenByCaller(Exception exception)
    {
        var writer = new GrainWriter();
        Write(writer, exception);
        return Read(new GrainReader(writer.WrittenMemory));
    }
}
