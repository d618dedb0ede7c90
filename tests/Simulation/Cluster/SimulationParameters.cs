using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Network;

namespace OrleansSync.Simulation.Cluster;

/// <summary>
/// The shape of one run, drawn from its seed: cluster size, fault rates, phase lengths. Varying
/// them per seed explores more of the space than one fixed profile would.
/// </summary>
internal sealed record SimulationParameters
{
    public required int Nodes { get; init; }

    public required int Clients { get; init; }

    public required int OperationsPerClient { get; init; }

    public required int KeyCount { get; init; }

    /// <summary>Length of the phase with faults.</summary>
    public required int SafetyPhaseTicks { get; init; }

    /// <summary>After healing, ticks within which a new proposal must commit.</summary>
    public required int LivenessBudgetTicks { get; init; }

    public required NetworkFaultOptions NetworkFaults { get; init; }

    /// <summary>
    /// Per node (index 0 is node 1): how many of its own ticks pass per simulated tick, in (0, 1].
    /// Below 1 the node's clock runs slow: its timeouts, including CheckQuorum, fire late.
    /// </summary>
    public required IReadOnlyList<double> ClockRates { get; init; }

    /// <summary>Crashes may strike between a Ready's writes and its sync (see <c>SimulationSettings.TornWrites</c>).</summary>
    public bool TornWrites { get; init; } = true;

    /// <summary>Per tick: probability that a running node crashes.</summary>
    public required double CrashProbability { get; init; }

    /// <summary>Per vote cast: probability that the voter crashes right after (its vote is already durable and sent).</summary>
    public required double CrashAfterVoteProbability { get; init; }

    /// <summary>Per tick: probability of a new partition (when none is active).</summary>
    public required double PartitionProbability { get; init; }

    /// <summary>Per tick: probability that a node pauses (stops ticking and reading messages for a while).</summary>
    public required double PauseProbability { get; init; }

    /// <summary>Per tick: probability that the leader is asked to transfer leadership.</summary>
    public required double TransferProbability { get; init; }

    /// <summary>Per tick: probability of starting a membership change (remove a voter, later re-add it as a learner and promote it).</summary>
    public required double MembershipChangeProbability { get; init; }

    /// <summary>Per tick, per idle client: probability of issuing its next operation.</summary>
    public required double ClientIssueProbability { get; init; }

    /// <summary>Client sessions expire after this much committed time without a command.</summary>
    public required long SessionTimeoutMs { get; init; }

    /// <summary>A host compacts once it applied this many entries past its snapshot.</summary>
    public required int CompactEveryEntries { get; init; }

    public required RaftOptions RaftOptions { get; init; }

    public static SimulationParameters Draw(Random random, int? nodes)
    {
        var maxDelay = random.Next(1, 5);
        var nodeCount = nodes ?? (random.Next(2) == 0 ? 3 : 5);
        var skewed = random.Next(2) == 0;
        return new SimulationParameters
        {
            Nodes = nodeCount,
            ClockRates = [.. Enumerable.Range(0, nodeCount).Select(_ => skewed ? 0.4 + (random.NextDouble() * 0.6) : 1.0)],
            Clients = random.Next(2, 6),
            OperationsPerClient = random.Next(10, 40),
            KeyCount = random.Next(1, 4),
            SafetyPhaseTicks = random.Next(400, 1200),
            LivenessBudgetTicks = 600,
            NetworkFaults = new NetworkFaultOptions
            {
                DropProbability = random.NextDouble() * 0.15,
                DuplicateProbability = random.NextDouble() * 0.05,
                MinDelayTicks = 1,
                MaxDelayTicks = maxDelay,
            },
            CrashProbability = random.NextDouble() * 0.02,
            CrashAfterVoteProbability = random.NextDouble() * 0.3,
            PartitionProbability = random.NextDouble() * 0.01,
            PauseProbability = random.NextDouble() * 0.01,
            TransferProbability = random.NextDouble() * 0.005,
            MembershipChangeProbability = random.NextDouble() * 0.005,
            ClientIssueProbability = 0.05 + (random.NextDouble() * 0.3),
            CompactEveryEntries = random.Next(5, 60),
            SessionTimeoutMs = random.Next(1_000, 20_000),
            RaftOptions = new RaftOptions
            {
                ElectionTimeoutTicks = 10,
                HeartbeatIntervalTicks = 1,
                MaxEntriesPerAppend = random.Next(1, 16),
                MaxInflightAppends = random.Next(1, 8),
                SnapshotChunkBytes = random.Next(16, 256),
                MaxPromotionLagEntries = 8,

                // Drawn last, so that every earlier draw of a seed is what it was before this option.
                CommitIndexBroadcast = random.Next(2) == 0,
            },
        };
    }

    public override string ToString() =>
        $"nodes={Nodes} clocks=[{string.Join(",", ClockRates.Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}] clients={Clients}x{OperationsPerClient} keys={KeyCount} safety-ticks={SafetyPhaseTicks} "
        + $"drop={NetworkFaults.DropProbability:F3} dup={NetworkFaults.DuplicateProbability:F3} delay=1..{NetworkFaults.MaxDelayTicks} "
        + $"crash={CrashProbability:F4} crash-after-vote={CrashAfterVoteProbability:F2} partition={PartitionProbability:F4} pause={PauseProbability:F4} transfer={TransferProbability:F4} "
         + $"membership={MembershipChangeProbability:F4} torn-writes={TornWrites} compact-every={CompactEveryEntries} session-timeout={SessionTimeoutMs}ms "
        + $"entries-per-append={RaftOptions.MaxEntriesPerAppend} inflight={RaftOptions.MaxInflightAppends} chunk={RaftOptions.SnapshotChunkBytes}B commit-broadcast={RaftOptions.CommitIndexBroadcast}";
}
