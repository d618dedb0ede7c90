namespace OrleansSync.Grains.Locks.Client;

/// <summary>A write carried a fencing token older than one the resource already accepted.</summary>
public sealed class StaleFencingTokenException : Exception
{
    public StaleFencingTokenException(ulong token, ulong highestSeen)
        : base($"Fencing token {token} is stale: the resource already accepted token {highestSeen}.")
    {
        Token = token;
        HighestSeen = highestSeen;
    }

    public StaleFencingTokenException()
    {
    }

    public StaleFencingTokenException(string message)
        : base(message)
    {
    }

    public StaleFencingTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ulong Token { get; }

    public ulong HighestSeen { get; }
}
