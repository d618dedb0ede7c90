using Microsoft.Extensions.Options;
using OrleansSync.Grains.Raft.Hosting;

namespace OrleansSync.Grains.Hosting;

/// <summary>
/// Holds back a silo's own background callers of Raft groups (status refresh, deadlock detection)
/// until the cluster has as many active silos as a group has replicas, or a grace period passed.
/// </summary>
/// <remarks>
/// A replica is born where Orleans places its first call, among the silos active at that moment
/// (<see cref="Raft.Hosting.Placement.ReplicaPlacer"/>). The first silo of a new cluster is alone
/// for a few seconds; a status read then would birth every replica of every group on it, and the
/// groups would run without fault tolerance until their leaders had repaired the co-location one
/// membership change at a time. Waiting here lets the replicas be born on distinct silos. The
/// grace period keeps a cluster smaller than its replica count (a one-silo trial) working.
/// </remarks>
public sealed class RaftClusterFormation(IClusterMembershipService membership, IOptions<RaftPeerOptions> options, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly DateTimeOffset _createdAt = time.GetUtcNow();

    /// <summary>Whether enough silos are active for every replica of a group to be born on its own silo.</summary>
    public bool IsFormed => ActiveSilos >= options.Value.ReplicaCount;

    private int ActiveSilos => membership.CurrentSnapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);

    /// <summary>Returns once <see cref="IsFormed"/>, or once <see cref="RaftPeerOptions.FormationGraceMs"/> has passed since this silo started.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var graceEnds = _createdAt + TimeSpan.FromMilliseconds(options.Value.FormationGraceMs);
        while (!IsFormed && time.GetUtcNow() < graceEnds)
        {
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }
}
