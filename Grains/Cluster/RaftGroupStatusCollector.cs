using OrleansSync.Grains.Interfaces.Cluster;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Runtime;

namespace OrleansSync.Grains.Cluster;

/// <summary>Asks every replica of every group for its status, each within a timeout, and sums up each group.</summary>
internal static class RaftGroupStatusCollector
{
    public static async Task<IReadOnlyList<RaftGroupStatus>> CollectAsync(IGrainFactory grains, RaftLayout layout, TimeSpan timeout, int maxConcurrentCalls)
    {
        using var gate = new SemaphoreSlim(maxConcurrentCalls, maxConcurrentCalls);
        var calls = Enumerable.Range(0, layout.GroupCount)
            .SelectMany(group => Enumerable.Range(0, layout.ReplicaCount).Select(replica => AskAsync(grains, group, replica, timeout, gate)))
            .ToArray();
        var replicas = await Task.WhenAll(calls);
        return [.. replicas
            .Select((status, index) => (Group: index / layout.ReplicaCount, Status: status))
            .GroupBy(entry => entry.Group, entry => entry.Status)
            .Select(group => RaftGroupStatus.FromReplicas(group.Key, [.. group]))];
    }

    private static async Task<RaftReplicaStatus> AskAsync(IGrainFactory grains, int group, int replica, TimeSpan timeout, SemaphoreSlim gate)
    {
        await gate.WaitAsync();
        try
        {
            var status = await grains.GetGrain<IRaftPeerGrain>($"{group}/{replica}").GetStatus().WaitAsync(timeout);
            return new RaftReplicaStatus(replica, true, status.Role, status.Term, status.LeaderReplica, status.CommitIndex, status.AppliedIndex, status.Silo, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Reported, not swallowed: the caller shows the replica as unreachable with this reason.
            return Unreachable(replica, $"{exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            gate.Release();
        }
    }

    private static RaftReplicaStatus Unreachable(int replica, string error) => new(replica, false, "Unreachable", 0, -1, 0, 0, string.Empty, error);
}
