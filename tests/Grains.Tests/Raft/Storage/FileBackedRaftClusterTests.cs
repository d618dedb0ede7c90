using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.StateMachines;
using Xunit.Abstractions;

namespace OrleansSync.Grains.Tests.Raft.Storage;

/// <summary>
/// The Raft core, the file WAL and the session state machine together: nodes crash (also between
/// writing and syncing a Ready) and restart from disk, snapshots compact the WAL and catch restarted
/// followers up, a client retries across leader changes; every command must be applied exactly once
/// and every replica must end with the same state.
/// </summary>
public sealed class FileBackedRaftClusterTests : IDisposable
{
    private const int Commands = 120;
    private const int MaxAttemptsPerCommand = 20;
    private const int TicksPerAttempt = 30;

    private readonly ITestOutputHelper _output;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleanssync-raft-file-cluster", Guid.NewGuid().ToString("N"));

    public FileBackedRaftClusterTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void CrashesAndRestartsFromDisk_EveryCommandAppliedOnceAndReplicasAgree()
    {
        var seed = TestSeed.Next(_output);
        var random = new Random(seed);
        using var cluster = new FileBackedRaftCluster(_root, seed);
        cluster.ElectLeader();
        var session = Submit(cluster, SessionCommand.Register(0)).SessionId;
        var expected = new Dictionary<string, string>();
        for (ulong sequence = 1; sequence <= Commands; sequence++)
        {
            var key = $"k{sequence % 4}";
            var command = KeyValueCodec.EncodeCommand(KeyValueCommand.Append(key, $"{sequence};"));
            var result = Submit(cluster, SessionCommand.Command(session, sequence, (long)sequence, command), () => InjectFault(cluster, random));
            expected[key] = expected.GetValueOrDefault(key, string.Empty) + $"{sequence};";
            Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok, expected[key]), KeyValueCodec.DecodeResult(result.Payload.Span));
        }

        cluster.CrashBeforeSyncNode = NodeId.None;
        for (ulong id = 1; id <= FileBackedRaftCluster.NodeCount; id++)
        {
            if (!cluster.IsRunning(id))
            {
                cluster.Start(id);
            }
        }

        var leader = cluster.ElectLeader();
        Submit(cluster, SessionCommand.KeepAlive(session, Commands + 1));
        for (var tick = 0; tick < 5; tick++)
        {
            // Followers learn the final commit index from the next heartbeats.
            cluster.Tick();
        }

        var snapshots = cluster.Machines.Select(machine => Convert.ToHexString(machine.Snapshot())).ToList();
        Assert.Equal(FileBackedRaftCluster.NodeCount, snapshots.Count);
        Assert.Single(snapshots.Distinct());
        _output.WriteLine($"faults (crashes, restarts, snapshots installed): {cluster.Faults}");
        _output.WriteLine($"final leader {leader.Id} term {leader.Term} commit {leader.CommitIndex} snapshot {leader.SnapshotIndex}");
    }

    /// <summary>One fault in four attempts: crash a follower (sometimes between write and sync), the leader, or restart a node.</summary>
    private static void InjectFault(FileBackedRaftCluster cluster, Random random)
    {
        var choice = random.Next(12);
        var id = (ulong)random.Next(1, FileBackedRaftCluster.NodeCount + 1);
        if (choice == 0 && cluster.Leader is { } leader)
        {
            cluster.Crash(leader.Id);
        }
        else if (choice == 1 && cluster.IsRunning(id) && cluster.Leader?.Id != id)
        {
            cluster.CrashBeforeSyncNode = id;
        }
        else if (choice == 2 && cluster.IsRunning(id) && cluster.Leader?.Id != id)
        {
            cluster.Crash(id);
        }
        else if (choice <= 5 && !cluster.IsRunning(id))
        {
            cluster.Start(id);
        }
    }

    /// <summary>Proposes until the command is committed under a leader and answered; retries (same session and sequence) across failures.</summary>
    private static SessionResult Submit(FileBackedRaftCluster cluster, SessionCommand command, Action? beforeAttempt = null)
    {
        var bytes = SessionCommandCodec.Encode(command);
        for (var attempt = 0; attempt < MaxAttemptsPerCommand; attempt++)
        {
            beforeAttempt?.Invoke();
            EnsureQuorumRunning(cluster);
            var leader = cluster.Leader ?? cluster.ElectLeader();
            var proposal = leader.Propose(bytes);
            cluster.Stabilize();

            // Like a client waiting for its answer: time passes (ticks) until it commits or the attempt times out.
            for (var tick = 0; proposal.IsAccepted && tick < TicksPerAttempt; tick++)
            {
                if (cluster.LeaderResults.TryGetValue(proposal.Index, out var answer))
                {
                    if (answer.Term != proposal.Term)
                    {
                        break;
                    }

                    Assert.Equal(SessionResultStatus.Ok, answer.Result.Status);
                    return answer.Result;
                }

                cluster.Tick();
            }
        }

        throw new InvalidOperationException($"{command.Kind} {command.Sequence} was not answered after {MaxAttemptsPerCommand} attempts. {cluster.Describe()}");
    }

    private static void EnsureQuorumRunning(FileBackedRaftCluster cluster)
    {
        for (ulong id = 1; id <= FileBackedRaftCluster.NodeCount; id++)
        {
            if (Enumerable.Range(1, FileBackedRaftCluster.NodeCount).Count(node => cluster.IsRunning((ulong)node)) >= 2)
            {
                return;
            }

            if (!cluster.IsRunning(id))
            {
                cluster.Start(id);
            }
        }
    }
}
