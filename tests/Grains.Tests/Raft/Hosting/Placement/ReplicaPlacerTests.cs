using OrleansSync.Grains.Raft.Hosting.Placement;

namespace OrleansSync.Grains.Tests.Raft.Hosting.Placement;

/// <summary>Placement of new replicas: a rendezvous ranking of the silos per group, replica r at rank r mod n.</summary>
public sealed class ReplicaPlacerTests
{
    private static readonly string[] Silos = ["silo-0", "silo-1", "silo-2", "silo-3"];

    [Theory]
    [InlineData(3, 3)]
    [InlineData(3, 4)]
    [InlineData(5, 7)]
    public void PreferredEndpoint_TheFirstReplicasOfAGroup_AreBornOnDistinctSilos(int replicas, int silos)
    {
        var endpoints = Enumerable.Range(0, silos).Select(s => $"10.0.0.{s}:11111").ToList();
        for (var group = 0; group < 200; group++)
        {
            var chosen = Enumerable.Range(0, replicas).Select(r => ReplicaPlacer.PreferredEndpoint("T", $"{group}", r, endpoints)).ToList();
            Assert.Equal(replicas, chosen.Distinct().Count());
        }
    }

    [Fact]
    public void PreferredEndpoint_DependsOnTheSetOfEndpoints_NotOnTheirOrder()
    {
        var reversed = Silos.Reverse().ToList();
        for (var replica = 0; replica < 8; replica++)
        {
            Assert.Equal(ReplicaPlacer.PreferredEndpoint("T", "3", replica, Silos), ReplicaPlacer.PreferredEndpoint("T", "3", replica, reversed));
        }
    }

    [Fact]
    public void PreferredEndpoint_GroupsRankTheSilosDifferently()
    {
        var firstChoices = Enumerable.Range(0, 100).Select(g => ReplicaPlacer.PreferredEndpoint("T", $"{g}", 0, Silos)).ToHashSet();

        Assert.Equal(Silos.Length, firstChoices.Count); // replica 0 (and so the first leader) is not always on one silo
    }

    [Fact]
    public void PreferredEndpoint_SpreadsReplicasOverEverySilo()
    {
        var counts = Enumerable.Range(0, 400)
            .Select(i => ReplicaPlacer.PreferredEndpoint("T", $"{i / 4}", i % 4, Silos)!)
            .GroupBy(s => s)
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(Silos.Order(), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.InRange(count, 50, 150)); // 100 each if perfectly even
    }

    [Fact]
    public void FreshReplicaOn_PicksANewIdWhoseFirstChoiceIsATarget()
    {
        string[] active = ["silo-0", "silo-2", "silo-3"];
        var targets = new HashSet<string>(StringComparer.Ordinal) { "silo-3" };

        var fresh = ReplicaPlacer.FreshReplicaOn("T", "7", above: 4, targets, active, maxCandidates: 1_000);

        Assert.True(fresh > 4);
        Assert.Equal("silo-3", ReplicaPlacer.PreferredEndpoint("T", "7", fresh, active));
    }

    [Fact]
    public void FreshReplicaOn_WithNoCandidateLandingOnATarget_IsMinusOne()
    {
        var targets = new HashSet<string>(StringComparer.Ordinal) { "silo-9" };

        Assert.Equal(-1, ReplicaPlacer.FreshReplicaOn("T", "7", above: 4, targets, ["silo-0"], maxCandidates: 0));
    }
}
