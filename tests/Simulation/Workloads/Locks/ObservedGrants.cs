using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.Simulation.Checking;
using OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

namespace OrleansSync.Simulation.Workloads.Locks;

/// <summary>
/// Lock safety as clients observe it, checked as answers arrive: per lock, fencing tokens of
/// grants strictly increase with the grants' log indexes (no token reused, none going back), and
/// no read ever shows an exclusive holder beside another holder.
/// </summary>
internal sealed class ObservedGrants
{
    private readonly Dictionary<string, SortedDictionary<ulong, ulong>> _tokensByIndex = new(StringComparer.Ordinal);

    public void Observe(int clientId, LeaseLockInput input, LeaseLockOutput output)
    {
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
        if (!_tokensByIndex.TryGetValue(input.Lock, out var grants))
        {
            grants = [];
            _tokensByIndex.Add(input.Lock, grants);
        }

        foreach (var (index, token) in grants)
        {
            var ordered = index < output.Index ? token < output.FencingToken : index > output.Index ? token > output.FencingToken : token == output.FencingToken;
            if (!ordered)
            {
                throw new SafetyViolationException(
                    $"lock safety (observed): client {clientId} was granted '{input.Lock}' at index {output.Index} with token {output.FencingToken}, "
                    + $"but the grant at index {index} carried token {token}");
            }
        }

        grants[output.Index] = output.FencingToken;
    }
}
