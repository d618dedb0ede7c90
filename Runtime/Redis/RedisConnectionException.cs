namespace OrleansSync.Runtime.Redis;

/// <summary>
/// The connection to Redis is down, could not be opened, or was lost while a command was queued or
/// in flight. A command that fails with this error after it was written may or may not have been
/// executed by the server; the client never retries it on its own.
/// </summary>
public sealed class RedisConnectionException : RedisException
{
    public RedisConnectionException(string message)
        : base(message)
    {
    }

    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
