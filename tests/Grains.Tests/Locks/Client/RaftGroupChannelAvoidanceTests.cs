using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Tests.Locks.Client;

/// <summary>
/// A replica that let an attempt time out is skipped, and hints naming it ignored, for
/// <see cref="DistributedLockClientOptions.TimedOutReplicaAvoidanceMs"/> (ADR 0053), on a fake
/// clock. A SIGKILLed leader never answers and its survivors name it until they elect another,
/// so going back to it costs a doubled attempt bound; a leader that is only slow must be asked
/// again once the window ends, or the call never reaches it.
/// </summary>
public sealed class RaftGroupChannelAvoidanceTests
{
    private const int AttemptTimeoutMs = 500;
    private const int AvoidanceMs = 600;
    private const int PollIntervalMs = 20;
    private const int MaxSteps = 1_000;
    private static readonly byte[] Answer = [42, 7];

    [Fact]
    public async Task AfterATimeoutOnTheLeader_StaleHintsNamingIt_AreIgnoredWithinTheWindow()
    {
        // Replica 0's silo died: never answers. The survivors name it until fake time 800 ms, then 2 leads.
        var clock = new SteppedClock();
        var electedAt = TimeSpan.FromMilliseconds(800);
        var group = new ScriptedGroup(clock, (replica, _, now) => replica switch
        {
            0 => Silent(),
            _ when now < electedAt => NotLeader(hint: 0),
            2 => Ok(2),
            _ => NotLeader(hint: 2),
        });
        using var channel = new RaftGroupChannel(group, 0, Options(), clock);

        var read = channel.ReadAsync(ServiceKind.Locks, [1], CancellationToken.None);
        await clock.RunUntilCompletedAsync(read, MaxSteps);

        Assert.Equal(Answer, await read);
        Assert.Equal([TimeSpan.Zero], group.CallTimes(0));
        Assert.True(group.CallTimes(1).Count + group.CallTimes(2).Count >= 5, $"survivors asked {group.CallTimes(1).Count} + {group.CallTimes(2).Count} times");
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(AttemptTimeoutMs + AvoidanceMs), $"answered at fake {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task AfterTheWindow_ASlowButLiveLeader_IsAskedAgain()
    {
        // Replica 0 leads but is slow: its first answer never comes in time; the followers always name it.
        var clock = new SteppedClock();
        var group = new ScriptedGroup(clock, (replica, call, _) => replica switch
        {
            0 when call == 1 => Silent(),
            0 => Ok(0),
            _ => NotLeader(hint: 0),
        });
        using var channel = new RaftGroupChannel(group, 0, Options(), clock);

        var read = channel.ReadAsync(ServiceKind.Locks, [1], CancellationToken.None);
        await clock.RunUntilCompletedAsync(read, MaxSteps);

        Assert.Equal(Answer, await read);
        var callsToLeader = group.CallTimes(0);
        Assert.Equal(2, callsToLeader.Count);
        var windowEnd = TimeSpan.FromMilliseconds(AttemptTimeoutMs + AvoidanceMs);
        Assert.InRange(callsToLeader[1], windowEnd, windowEnd + TimeSpan.FromMilliseconds(3 * PollIntervalMs));
        Assert.All(group.CallTimes(1).Concat(group.CallTimes(2)), at => Assert.InRange(at, TimeSpan.FromMilliseconds(AttemptTimeoutMs), windowEnd));
    }

    [Fact]
    public async Task WithoutAvoidance_TheChannelGoesBackToTheReplicaTheHintsName()
    {
        var clock = new SteppedClock();
        var electedAt = TimeSpan.FromMilliseconds(800);
        var group = new ScriptedGroup(clock, (replica, _, now) => replica switch
        {
            0 => Silent(),
            _ when now < electedAt => NotLeader(hint: 0),
            2 => Ok(2),
            _ => NotLeader(hint: 2),
        });
        var options = Options();
        options.TimedOutReplicaAvoidanceMs = 0;
        using var channel = new RaftGroupChannel(group, 0, options, clock);

        var read = channel.ReadAsync(ServiceKind.Locks, [1], CancellationToken.None);
        await clock.RunUntilCompletedAsync(read, MaxSteps);

        Assert.Equal(Answer, await read);
        Assert.Equal(2, group.CallTimes(0).Count); // the second one waited its doubled bound of 1,000 ms
        Assert.True(clock.Elapsed > TimeSpan.FromMilliseconds(3 * AttemptTimeoutMs), $"answered at fake {clock.Elapsed.TotalMilliseconds} ms");
    }

    private static DistributedLockClientOptions Options() => new()
    {
        GroupCount = 1,
        ReplicaCount = 3,
        RequestTimeoutMs = 60_000,
        AttemptTimeoutMs = AttemptTimeoutMs,
        TimedOutReplicaAvoidanceMs = AvoidanceMs,
        PollIntervalMs = PollIntervalMs,
    };

    private static Task<RaftCallOutcome> Silent() => new TaskCompletionSource<RaftCallOutcome>().Task; // as a call to a dead silo

    private static Task<RaftCallOutcome> NotLeader(int hint) => Task.FromResult(new RaftCallOutcome(RaftCallStatus.NotLeader, null, hint, "not the leader"));

    private static Task<RaftCallOutcome> Ok(int replica) => Task.FromResult(new RaftCallOutcome(RaftCallStatus.Ok, Answer, replica, null));

    /// <summary>Replicas 0..2 that answer as the script says, given the replica, its call count (from 1) and the fake time.</summary>
    private sealed class ScriptedGroup(SteppedClock clock, Func<int, int, TimeSpan, Task<RaftCallOutcome>> script) : IRaftPeerResolver
    {
        private readonly List<TimeSpan>[] _calls = [[], [], []];
        private readonly Lock _gate = new();

        public IReadOnlyList<TimeSpan> CallTimes(int replica)
        {
            lock (_gate)
            {
                return [.. _calls[replica]];
            }
        }

        public IRaftPeerGrain Peer(int group, int replica) => new Replica(this, replica);

        public Task<int[]?> FindMembersAsync(int group, CancellationToken cancellationToken) => Task.FromResult<int[]?>(null);

        private Task<RaftCallOutcome> Answer(int replica)
        {
            int call;
            lock (_gate)
            {
                _calls[replica].Add(clock.Elapsed);
                call = _calls[replica].Count;
            }

            return script(replica, call, clock.Elapsed);
        }

        private sealed class Replica(ScriptedGroup group, int id) : IRaftPeerGrain
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
