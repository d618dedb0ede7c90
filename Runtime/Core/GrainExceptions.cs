using OrleansSync.Runtime.Invocation;

namespace OrleansSync.Runtime;

/// <summary>
/// Exception types that callers get back as themselves (rather than as
/// <see cref="RemoteGrainException"/>). Register an application's exception types once per
/// process, in silos and clients alike (e.g. from the grain interfaces' assembly); only the type
/// and message cross the wire.
/// </summary>
public static class GrainExceptions
{
    public static void Register<TException>(Func<string, TException> createFromMessage)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(createFromMessage);
        ExceptionCodec.Register(typeof(TException), createFromMessage);
    }
}
