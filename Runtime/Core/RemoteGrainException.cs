namespace OrleansSync.Runtime;

/// <summary>
/// A grain threw an exception whose type cannot be rebuilt at the caller. It carries the remote
/// type name, message and stack trace.
/// </summary>
public sealed class RemoteGrainException : Exception
{
    public RemoteGrainException(string remoteExceptionType, string message, string? remoteStackTrace)
        : base($"{remoteExceptionType}: {message}")
    {
        RemoteExceptionType = remoteExceptionType;
        RemoteMessage = message;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>Full name of the exception type thrown by the grain.</summary>
    public string RemoteExceptionType { get; }

    /// <summary>The message of the exception thrown by the grain.</summary>
    public string RemoteMessage { get; }

    /// <summary>The stack trace at the grain, if it was sent.</summary>
    public string? RemoteStackTrace { get; }
}
