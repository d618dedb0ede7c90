namespace OrleansSync.Silo.Api;

/// <summary>The body of <c>POST /locks/{name}/acquire</c> and <c>/try</c>; every member is optional.</summary>
/// <param name="Mode"><c>exclusive</c> (default) or <c>shared</c>.</param>
/// <param name="TtlMs">Lease time-to-live in milliseconds, from the grant (default 30000; 1000 to 3600000). Keep it alive or it ends. Not with <paramref name="LeaseId"/>.</param>
/// <param name="WaitMs">How long to wait in the lock's FIFO queue (acquire only; default 10000; 0 to 60000). The lease is kept alive while it waits.</param>
/// <param name="LeaseId">
/// Acquire under this lease, returned by an earlier grant, instead of a new one: one caller taking
/// several locks of the same Raft group under one lease (its own owner in the wait-for graph).
/// </param>
internal sealed record AcquireLockRequest(string? Mode, long? TtlMs, long? WaitMs, ulong? LeaseId = null)
{
    public static readonly IReadOnlyCollection<string> Members = ["mode", "ttlMs", "waitMs", "leaseId"];

    /// <summary>The request the body states; null with the reason if a member has the wrong type.</summary>
    public static AcquireLockRequest? From(StrictJsonObject body, out string? error)
    {
        if (body.TryGetString("mode", out var mode, out error) && body.TryGetInt64("ttlMs", out var ttlMs, out error)
            && body.TryGetInt64("waitMs", out var waitMs, out error) && body.TryGetUInt64("leaseId", out var leaseId, out error))
        {
            return new AcquireLockRequest(mode, ttlMs, waitMs, leaseId);
        }

        return null;
    }
}
