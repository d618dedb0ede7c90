using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Tests.Locks.Client;

/// <summary>
/// A leader whose silo was just SIGKILLed never answers, and the surviving followers keep naming
/// it as leader until they notice: the channel must not go back to it within the call (each retry
/// to it would wait a doubled attempt bound, seconds in all) while the others may answer.
/// </summary>
public sealed class RaftGroupChannelTimeoutTests
{
    private static readonly byte[] Answer = [42, 7];

    [Fact]
    public async Task AReplicaThatTimedOut_IsNotAskedAgainWithinTheCall_WhileOthersMayAnswer()
    {
        // Replica 0 is dead; 1 and 2 name it as leader for their first 3 answers in all, then 2 leads.
        var group = new GroupAfterLeaderDeath(deadLeader: 0, newLeader: 2, staleHintsBeforeElection: 3);
        using var channel = new RaftGroupChannel(group, 0, Options(), TimeProvider.System);

        var answer = await channel.ReadAsync(ServiceKind.Locks, [1], CancellationToken.None);

        Assert.Equal(Answer, answer);
        Assert.Equal(1, group.CallsTo(0));
        Assert.True(group.CallsTo(1) + group.CallsTo(2) >= 4, $"survivors asked {group.CallsTo(1) + group.CallsTo(2)} times");
    }

    [Fact]
    public async Task WhenEveryReplicaTimedOut_TheChannelAsksThemAgain()
    {
        var group = new GroupAfterLeaderDeath(deadLeader: -1, newLeader: -1, staleHintsBeforeElection: 0, everyoneSilent: true);
        using var channel = new RaftGroupChannel(group, 0, Options(), TimeProvider.System);
        using var caller = new CancellationTokenSource();

        var read = channel.ReadAsync(ServiceKind.Locks, [1], caller.Token);
        await group.SecondCallToReplicaZero.WaitAsync(TimeSpan.FromSeconds(30));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.True(group.CallsTo(1) >= 1 && group.CallsTo(2) >= 1, $"replicas 1 and 2 asked {group.CallsTo(1)} and {group.CallsTo(2)} times");
    }

    private static DistributedLockClientOptions Options() =>
        new() { GroupCount = 1, ReplicaCount = 3, RequestTimeoutMs = 60_000, AttemptTimeoutMs = 20, PollIntervalMs = 1 };

    private sealed class GroupAfterLeaderDeath(int deadLeader, int newLeader, int staleHintsBeforeElection, bool everyoneSilent = false) : IRaftPeerResolver
    {
        private readonly int[] _calls = new int[3];
        private readonly TaskCompletionSource _secondCallToReplicaZero = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _staleHints;

        public Task SecondCallToReplicaZero => _secondCallToReplicaZero.Task;

        public int CallsTo(int replica) => Volatile.Read(ref _calls[replica]);

        public IRaftPeerGrain Peer(int group, int replica) => new Replica(this, replica);

        public Task<int[]?> FindMembersAsync(int group, CancellationToken cancellationToken) => Task.FromResult<int[]?>(null);

        private Task<RaftCallOutcome> Answer(int replica)
        {
            if (Interlocked.Increment(ref _calls[replica]) == 2 && replica == 0)
            {
                _secondCallToReplicaZero.TrySetResult();
            }
            if (everyoneSilent || replica == deadLeader)
            {
                return new TaskCompletionSource<RaftCallOutcome>().Task; // never answered, as a call to a dead silo
            }

            if (Interlocked.Increment(ref _staleHints) <= staleHintsBeforeElection || replica != newLeader)
            {
                return Task.FromResult(new RaftCallOutcome(RaftCallStatus.NotLeader, null, deadLeader, "not the leader"));
            }

            return Task.FromResult(new RaftCallOutcome(RaftCallStatus.Ok, RaftGroupChannelTimeoutTests.Answer, replica, null));
        }

        private sealed class Replica(GroupAfterLeaderDeath group, int id) : IRaftPeerGrain
        {
            public Task<RaftDeliveryResult> Deliver(byte[] messages, SiloAddress sender) => Task.FromResult(RaftDeliveryResult.Accepted);

            public Task<RaftCallOutcome> Propose(byte[] command) => group.Answer(id);

            public Task<RaftCallOutcome> Read(byte[] query) => group.Answer(id);

            public Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs, CancellationToken cancellationToken) => group.Answer(id);

            public Task<RaftPeerStatus> GetStatus() => throw new NotSupportedException();

            public Task NotifyRemoved(int[] members) => Task.CompletedTask;
        }
    }
}
