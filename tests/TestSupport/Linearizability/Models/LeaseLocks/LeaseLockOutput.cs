using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;

namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>
/// What a lock-table operation answered, with its witness: the table's last applied index and
/// table time when the command applied (or when the read was served). The model checks that
/// indexes strictly increase along the linearization and time never goes back, and replays each
/// command at its time (leases and waits due by then expire first).
/// </summary>
/// <param name="Status">The command's outcome class (ignored for reads).</param>
/// <param name="Error">Why a command failed.</param>
/// <param name="LeaseId">The lease concerned (a new lease's id).</param>
/// <param name="FencingToken">A grant's fencing token.</param>
/// <param name="WaitId">A queued request's wait id.</param>
/// <param name="LeaseExpiresAtMs">For lease operations: when the lease expires unless renewed.</param>
/// <param name="Index">The table's last applied index: a command's own index; for a read, the state it saw.</param>
/// <param name="TimeMs">The table's time after the command (or at the read).</param>
/// <param name="Lock">For a read: the lock's holders and waiters, or null when nobody holds or waits.</param>
public sealed record LeaseLockOutput(
    LockResultStatus Status, LockErrorCode Error, ulong LeaseId, ulong FencingToken, ulong WaitId, long LeaseExpiresAtMs, ulong Index, long TimeMs, LockInfo? Lock)
{
    public override string ToString()
    {
        var witness = $"@{Index} t={TimeMs}";
        if (Status == 0)
        {
            return Lock is null
                ? $"free {witness}"
                : $"holders [{string.Join(", ", Lock.Holders.Select(h => $"{h.LeaseId}:{h.Mode}x{h.HoldCount}#{h.FencingToken}"))}] "
                  + $"waiters [{string.Join(", ", Lock.Waiters.Select(w => $"{w.LeaseId}:{w.Mode}/{w.WaitId}"))}] {witness}";
        }

        return Status switch
        {
            LockResultStatus.Failed => $"failed {Error} {witness}",
            LockResultStatus.Granted => $"granted #{FencingToken} {witness}",
            LockResultStatus.Queued => $"queued wait {WaitId} {witness}",
            LockResultStatus.NotGranted => $"not granted {witness}",
            _ => $"ok lease {LeaseId} expires {LeaseExpiresAtMs} {witness}",
        };
    }
}
