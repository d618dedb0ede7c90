namespace OrleansSync.Runtime.Redis;

/// <summary>
/// A command did not get its reply (or a connection attempt did not complete) within the configured
/// timeout. The command may still be executed by the server later; its late reply is discarded.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    public RedisTimeoutException(string message)
        : base(message)
    {
    }
}
