using OrleansSync.Grains.Raft.Hosting.Placement;

namespace OrleansSync.Grains.Tests.Raft.Hosting.Placement;

/// <summary>Rendezvous placement of new replicas (moved here from our runtime's placement tests).</summary>
public sealed class ReplicaPlacerTests
{
    private static readonly string[] Silos = ["silo-0", "silo-1", "silo-2", "silo-3"];

    [Fact]
    public void PreferredEndpoint_WhenASiloLeaves_OnlyTheReplicasThatPreferredItChoose_Again()
    {
        var remaining = Silos.Where(s => s != "silo-1").ToList();
        var moved = 0;
        for (var group = 0; group < 50; group++)
        {
            for (var replica = 0; replica < 5; replica++)
            {
                var before = ReplicaPlacer.PreferredEndpoint("T", $"{group}", replica, Silos)!;
                var after = ReplicaPlacer.PreferredEndpoint("T", $"{group}", replica, remaining)!;
                if (before != "silo-1")
                {
                    Assert.Equal(before, after);
                }
                else
                {
                    moved++;
                }
            }
        }

        Assert.InRange(moved, 1, 249); // some replicas preferred silo-1, and only those choose again
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
