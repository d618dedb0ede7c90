using OrleansSync.Grains.Interfaces.Cache;

namespace OrleansSync.Grains.Cache.Client;

/// <summary>A cache operation failed; <see cref="Code"/> says why, in the stable numbering of <see cref="CacheErrorCode"/>.</summary>
public sealed class CacheException : Exception
{
    public CacheException(CacheErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public CacheException()
    {
    }

    public CacheException(string message)
        : base(message)
    {
    }

    public CacheException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CacheErrorCode Code { get; }

    /// <summary>For <see cref="CacheErrorCode.VersionMismatch"/>: the key's version now.</summary>
    public ulong CurrentVersion { get; init; }
}
