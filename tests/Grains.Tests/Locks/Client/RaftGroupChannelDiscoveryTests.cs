using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Tests.Locks.Client;

/// <summary>
/// A client that starts after every founding replica of a group was replaced knows only ids that
/// are gone: the channel must ask the cluster for the current members instead of rotating over them.
/// </summary>
public sealed class RaftGroupChannelDiscoveryTests
{
    private static readonly byte[] Answer = [42, 7];

    [Fact]
    public async Task WhenNoKnownIdLeadsAnywhere_TheChannelAdoptsTheMembersTheClusterNames()
    {
        var group = new ReplacedGroup(currentLeader: 7, discoverable: true);
        using var channel = new RaftGroupChannel(group, 0, Options(), TimeProvider.System);

        var answer = await channel.ReadAsync(ServiceKind.Queues, [1], CancellationToken.None);

        Assert.Equal(Answer, answer);
        Assert.Equal(1, group.Discoveries);
        Assert.Equal((byte)ServiceKind.Queues, group.LastQuery![0]); // the query went out in its envelope
    }

    [Fact]
    public async Task WithoutDiscovery_TheChannelReportsTheDeadline()
    {
        var group = new ReplacedGroup(currentLeader: 7, discoverable: false);
        using var channel = new RaftGroupChannel(group, 0, Options(), TimeProvider.System);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => channel.ReadAsync(ServiceKind.Locks, [1], CancellationToken.None));

        Assert.Contains("has no log", failure.Message, StringComparison.Ordinal);
    }

    private static DistributedLockClientOptions Options() => new() { GroupCount = 1, ReplicaCount = 3, RequestTimeoutMs = 2_000, PollIntervalMs = 1 };

    /// <summary>The founding ids 0..2 answer as inert replicas do (not leader, no hint); only <c>currentLeader</c> leads.</summary>
    private sealed class ReplacedGroup(int currentLeader, bool discoverable) : IRaftPeerResolver
    {
        public int Discoveries { get; private set; }

        public byte[]? LastQuery { get; private set; }

        public IRaftPeerGrain Peer(int group, int replica) => new Replica(this, replica == currentLeader, replica);

        public Task<int[]?> FindMembersAsync(int group, CancellationToken cancellationToken)
        {
            Discoveries++;
            return Task.FromResult<int[]?>(discoverable ? [currentLeader, currentLeader + 1, currentLeader + 2] : null);
        }

        private sealed class Replica(ReplacedGroup group, bool leads, int id) : IRaftPeerGrain
        {
            public Task<RaftDeliveryResult> Deliver(byte[] messages, SiloAddress sender) => Task.FromResult(RaftDeliveryResult.Lost);

            public Task<RaftCallOutcome> Propose(byte[] command) => Task.FromResult(Inert());

            public Task<RaftCallOutcome> Read(byte[] query)
            {
                if (!leads)
                {
                    return Task.FromResult(Inert());
                }

                group.LastQuery = query;
                return Task.FromResult(new RaftCallOutcome(RaftCallStatus.Ok, Answer, id, null));
            }

            public Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs, CancellationToken cancellationToken) => Task.FromResult(Inert());

            public Task<RaftPeerStatus> GetStatus() => throw new NotSupportedException();

            public Task NotifyRemoved(int[] members) => Task.CompletedTask;

            private RaftCallOutcome Inert() => new(RaftCallStatus.NotLeader, null, -1, $"Replica {id} of group 0 has no log on this silo; it waits to be replaced.");
        }
    }
}
