namespace OrleansSync.Runtime.Redis;

/// <summary>Base type of every error raised by the RESP client; catch this to handle all of them.</summary>
public class RedisException : Exception
{
    public RedisException(string message)
        : base(message)
    {
    }

    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
