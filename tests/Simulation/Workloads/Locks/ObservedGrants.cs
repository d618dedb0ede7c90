using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.Simulation.Checking;
using OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

namespace OrleansSync.Simulation.Workloads.Locks;

/// <summary>
/// Lock safety as clients observe it, checked as answers arrive: per lock, the fencing tokens of
/// grants strictly increase with the grants' log indexes (no token reused, none going back); a
/// reentrant grant repeats its own lease's token, after it; a new grant carries a token above
/// every hold a read saw before it. No read ever shows an exclusive holder beside another holder.
/// </summary>
internal sealed class ObservedGrants
{
    /// <summary>Per lock, per token seen granted: the index of its first grant and the lease it went to.</summary>
    private readonly Dictionary<string, Dictionary<ulong, (ulong Index, ulong LeaseId)>> _grants = new(StringComparer.Ordinal);

    /// <summary>Per lock: holds reads have shown, by (token, lease), with the earliest read index that showed each.</summary>
    private readonly Dictionary<string, Dictionary<(ulong Token, ulong LeaseId), ulong>> _readHolds = new(StringComparer.Ordinal);

    public void Observe(int clientId, LeaseLockInput input, LeaseLockOutput output)
    {
        if (input.Kind == LeaseLockOperationKind.Read && output.Lock is { } seen)
        {
            RecordReadHolds(input.Lock, output.Index, seen);
        }

        if (input.Kind == LeaseLockOperationKind.Acquire && output.Status == LockResultStatus.Granted)
        {
            ObserveGrant(clientId, input, output);
        }
        else if (input.Kind == LeaseLockOperationKind.Read && output.Lock is { } info
            && info.Holders.Any(h => h.Mode == LockMode.Exclusive) && info.Holders.Count > 1)
        {
            throw new SafetyViolationException(
                $"lock safety (observed): client {clientId} read '{input.Lock}' at index {output.Index} with an exclusive holder beside others: {output}");
        }
    }

    private void ObserveGrant(int clientId, LeaseLockInput input, LeaseLockOutput output)
    {
        if (!_grants.TryGetValue(input.Lock, out var grants))
        {
            grants = [];
            _grants.Add(input.Lock, grants);
        }

        var token = output.FencingToken;
        if (grants.TryGetValue(token, out var first))
        {
            if (first.LeaseId != input.LeaseId || first.Index >= output.Index)
            {
                throw Violation(clientId, input, output, $"token {token} was already granted at index {first.Index} to lease {first.LeaseId}");
            }

            return; // a reentrant hold of the same grant
        }

        var readHolds = _readHolds.GetValueOrDefault(input.Lock);
        if (readHolds is not null && readHolds.ContainsKey((token, input.LeaseId)))
        {
            return; // a reentrant hold of a grant only reads have shown (a queued request granted later)
        }

        foreach (var ((heldToken, heldLease), readIndex) in readHolds ?? [])
        {
            if (readIndex < output.Index && heldToken >= token)
            {
                throw Violation(clientId, input, output, $"a read at index {readIndex} already showed lease {heldLease} holding it with token {heldToken}");
            }
        }

        foreach (var (seenToken, seen) in grants)
        {
            if ((seen.Index < output.Index) != (seenToken < token))
            {
                throw Violation(clientId, input, output, $"the grant at index {seen.Index} carried token {seenToken}");
            }
        }

        grants.Add(token, (output.Index, input.LeaseId));
    }

    private void RecordReadHolds(string lockName, ulong readIndex, Grains.Locks.LockInfo seen)
    {
        if (!_readHolds.TryGetValue(lockName, out var holds))
        {
            holds = [];
            _readHolds.Add(lockName, holds);
        }

        foreach (var holder in seen.Holders)
        {
            var key = (holder.FencingToken, holder.LeaseId);
            holds[key] = Math.Min(holds.GetValueOrDefault(key, ulong.MaxValue), readIndex);
        }
    }

    private static SafetyViolationException Violation(int clientId, LeaseLockInput input, LeaseLockOutput output, string conflict) =>
        new($"lock safety (observed): client {clientId} was granted '{input.Lock}' (lease {input.LeaseId}) at index {output.Index} "
            + $"with token {output.FencingToken}, but {conflict}");
}
