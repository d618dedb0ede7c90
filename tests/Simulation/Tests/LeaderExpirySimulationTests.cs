using System.Globalization;
using System.Text.RegularExpressions;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Simulation.Cluster;
using OrleansSync.Simulation.Running;
using Xunit;
using Xunit.Abstractions;

namespace OrleansSync.Simulation.Tests;

/// <summary>
/// The simulator's hosts propose lease and wait expiry the way RaftPeerGrain does: read from the
/// trace of lock seeds, a leader never proposes two expiries closer than the production spacing.
/// </summary>
public sealed partial class LeaderExpirySimulationTests(ITestOutputHelper output)
{
    private const int FirstSeed = 1;

    private const int SeedCount = 20;

    [Fact]
    public void LockSeeds_LeaderExpiryProposals_SpacedAsRaftPeerGrainAndApplied()
    {
        var settings = new SimulationSettings { Workload = SimulationWorkload.Locks, Trace = true };
        var minSpacingTicks = RaftPeerGrain.MinExpirySpacingMs / ClusterSimulation<int, int>.TickMs;
        long proposals = 0;
        long applied = 0;
        long traced = 0;
        for (var seed = FirstSeed; seed < FirstSeed + SeedCount; seed++)
        {
            var result = SeedRunner.Run(seed, settings);
            Assert.True(result.Verdict == SeedVerdict.Passed, $"seed {seed}: {result.Detail}");
            applied += result.Statistics.LeaderExpiries;
            proposals += result.Statistics.LeaderExpiryProposals;

            // One leader (node, term) is one life of one node: its proposals keep the spacing. The
            // trace keeps only its last lines, so consecutive lines are consecutive proposals.
            var lastTick = new Dictionary<(int Node, int Term), long>();
            foreach (var match in result.TraceLines.Select(l => ProposalLine().Match(l)).Where(m => m.Success))
            {
                traced++;
                var tick = long.Parse(match.Groups["tick"].Value, CultureInfo.InvariantCulture);
                var leader = (int.Parse(match.Groups["node"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["term"].Value, CultureInfo.InvariantCulture));
                if (lastTick.TryGetValue(leader, out var previous))
                {
                    Assert.True(tick - previous >= minSpacingTicks, $"seed {seed}: node {leader.Item1} proposed expiries at ticks {previous} and {tick} in term {leader.Item2}");
                }

                lastTick[leader] = tick;
            }
        }

        output.WriteLine($"seeds {FirstSeed}..{FirstSeed + SeedCount - 1}: expiry proposals={proposals} applied={applied} traced={traced}");
        Assert.True(applied > SeedCount, $"only {applied} leader-proposed expiries applied over {SeedCount} seeds");
        Assert.True(applied <= proposals, $"{applied} expiries applied but only {proposals} proposed");
        Assert.True(traced > SeedCount, $"only {traced} expiry proposals in the traces of {SeedCount} seeds");
    }

    [GeneratedRegex(@"^\[\s*(?<tick>\d+)\] node (?<node>\d+), leader of term (?<term>\d+), proposes an expiry at \d+$")]
    private static partial Regex ProposalLine();
}
