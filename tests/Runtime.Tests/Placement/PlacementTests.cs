using OrleansSync.Runtime.Invocation;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Placement;
using OrleansSync.Runtime.Tests.TestGrains;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Tests.Placement;

public sealed class PlacementTests
{
    private static readonly SiloAddress[] Silos = [.. Enumerable.Range(0, 5).Select(i => new SiloAddress($"silo-{i}", i + 1))];

    [Fact]
    public void Ring_WhenASiloLeaves_OnlyItsGrainsMove()
    {
        var before = new ConsistentHashRing(Silos, 64);
        var after = new ConsistentHashRing([.. Silos.Where(s => s.Endpoint != "silo-2")], 64);

        for (var i = 0; i < 2000; i++)
        {
            var key = $"grain-{i}";
            var owner = before.Owner(key)!;
            if (owner.Endpoint != "silo-2")
            {
                Assert.Equal(owner, after.Owner(key));
            }
        }
    }

    [Fact]
    public void Ring_SpreadsGrainsOverAllSilos()
    {
        var ring = new ConsistentHashRing(Silos, 64);

        var counts = Enumerable.Range(0, 5000).GroupBy(i => ring.Owner($"grain-{i}")!.Endpoint).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(5, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 500, 1700));
    }

    [Fact]
    public void ReplicaPlacement_FollowsTheReplicaPlacer()
    {
        var placement = new PlacementService(64);
        var grainClass = GrainTypeRegistry.FindClass(typeof(IReplicaGrain).FullName!, out _)!;
        var view = new MembershipView(1, Silos);

        for (var group = 0; group < 50; group++)
        {
            for (var replica = 0; replica < 3; replica++)
            {
                var owner = placement.Place(new GrainId(grainClass.GrainTypeName, $"{group}/{replica}"), grainClass, view);
                Assert.Equal(ReplicaPlacer.Place(grainClass.GrainTypeName, $"{group}", replica, Silos), owner);
            }
        }
    }

    [Fact]
    public void ReplicaPlacer_WhenASiloLeaves_OnlyItsReplicasMove()
    {
        var remaining = Silos.Where(s => s.Endpoint != "silo-1").ToList();
        var moved = 0;

        for (var group = 0; group < 50; group++)
        {
            for (var replica = 0; replica < 5; replica++)
            {
                var before = ReplicaPlacer.Place("T", $"{group}", replica, Silos)!;
                var after = ReplicaPlacer.Place("T", $"{group}", replica, remaining)!;
                if (before.Endpoint != "silo-1")
                {
                    Assert.Equal(before, after);
                }
                else
                {
                    moved++;
                }
            }
        }

        Assert.InRange(moved, 1, 249); // some replicas lived there, and only those moved
    }

    [Fact]
    public void FreshReplicaOn_PicksANewIdThatPrefersATarget_EvenOverADepartedSilo()
    {
        string[] active = ["silo-0", "silo-2", "silo-3"];
        string[] competitors = [.. active, "silo-1"]; // silo-1 departed and may return
        var targets = new HashSet<string>(StringComparer.Ordinal) { "silo-3" };

        var fresh = ReplicaPlacer.FreshReplicaOn("T", "7", above: 4, targets, competitors, maxCandidates: 1_000);

        Assert.True(fresh > 4);
        Assert.Equal("silo-3", ReplicaPlacer.PreferredEndpoint("T", "7", fresh, competitors));
        Assert.Equal("silo-3", ReplicaPlacer.PreferredEndpoint("T", "7", fresh, active));
    }

    [Theory]
    [InlineData("3/1", true, "3", 1)]
    [InlineData("locks/a/2", true, "locks/a", 2)]
    [InlineData("plain", false, "", 0)]
    [InlineData("x/-1", false, "x", 0)]
    [InlineData("/1", false, "", 0)]
    public void ReplicaKey_Parses(string key, bool ok, string group, int replica)
    {
        Assert.Equal(ok, PlacementService.TryParseReplicaKey(key, out var g, out var r));
        if (ok)
        {
            Assert.Equal(group, g);
            Assert.Equal(replica, r);
        }
    }
}
