using OrleansSync.Grains.Interfaces.Cache;

namespace OrleansSync.Grains.Cache;

/// <summary>The outcome of one <see cref="CacheDirectory"/> command (or, in a notification, of a request that waited).</summary>
internal sealed record CacheResult
{
    public required CacheResultStatus Status { get; init; }

    public CacheErrorCode Error { get; init; }

    /// <summary>For a grant: the value; for a written put: the value written.</summary>
    public byte[] Value { get; init; } = [];

    /// <summary>For a grant or a write: the key's version (0 = absent); for <see cref="CacheErrorCode.VersionMismatch"/>: the current one.</summary>
    public ulong Version { get; init; }

    /// <summary>For a grant, a completed write or a renewal: the state the silo holds the line in (Invalid after a delete).</summary>
    public CacheLineState State { get; init; }

    /// <summary>The log index of the command whose application granted the line; the near cache's fences compare with it.</summary>
    public ulong GrantIndex { get; init; }

    /// <summary>The lease duration the near cache counts from the local time before it sent the request.</summary>
    public long LeaseMs { get; init; }

    /// <summary>For <see cref="CacheResultStatus.Waiting"/> and in notifications: the log index of the request that waited.</summary>
    public ulong WaitId { get; init; }

    /// <summary>A human-readable detail for errors.</summary>
    public string? Detail { get; init; }

    internal static CacheResult Fail(CacheErrorCode error, string detail, ulong version = 0) =>
        new() { Status = CacheResultStatus.Failed, Error = error, Detail = detail, Version = version };

    internal static CacheResult Ok { get; } = new() { Status = CacheResultStatus.Ok };
}
