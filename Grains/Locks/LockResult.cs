using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>
/// What applying one command produced: its own outcome, and the <see cref="Events"/> it caused
/// for other requests (waiters granted, timed out or aborted; leases expired).
/// </summary>
public sealed record LockResult
{
    public required LockResultStatus Status { get; init; }

    public LockErrorCode Error { get; init; }

    /// <summary>The lease concerned (for an opened lease: its new id).</summary>
    public ulong LeaseId { get; init; }

    /// <summary>For a grant: the fencing token, strictly increasing per lock.</summary>
    public ulong FencingToken { get; init; }

    /// <summary>For a queued request: the id of the wait, which a later event names.</summary>
    public ulong WaitId { get; init; }

    /// <summary>For lease operations: when the lease expires unless kept alive (table time, ms).</summary>
    public long LeaseExpiresAtMs { get; init; }

    /// <summary>A human-readable detail for errors.</summary>
    public string? Detail { get; init; }

    /// <summary>Events the command caused for other requests, in the order they happened.</summary>
    public IReadOnlyList<LockEvent> Events { get; init; } = [];

    internal static LockResult Fail(LockErrorCode error, string detail, ulong leaseId = 0) =>
        new() { Status = LockResultStatus.Failed, Error = error, Detail = detail, LeaseId = leaseId };
}
