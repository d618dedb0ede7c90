namespace OrleansSync.Runtime.Redis;

/// <summary>
/// The bytes received do not form a valid RESP reply, exceed a configured limit, or a reply has a
/// type the command did not expect. A malformed stream closes the connection that carried it.
/// </summary>
public sealed class RedisProtocolException : RedisException
{
    public RedisProtocolException(string message)
        : base(message)
    {
    }
}
