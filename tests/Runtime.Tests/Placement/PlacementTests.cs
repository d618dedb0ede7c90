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
    public void Rendezvous_ReplicasOfAGroup_LandOnDistinctSilos()
    {
        var placement = new PlacementService(64);
        var grainClass = GrainTypeRegistry.FindClass(typeof(IReplicaGrain).FullName!, out _)!;
        var view = new MembershipView(1, Silos);

        for (var group = 0; group < 50; group++)
        {
            var owners = Enumerable.Range(0, 3).Select(r => placement.Place(new GrainId(grainClass.GrainTypeName, $"{group}/{r}"), grainClass, view)).ToList();
            Assert.Equal(3, owners.Distinct().Count());
        }
    }

    [Fact]
    public void Rendezvous_WhenASiloLeaves_ReplicasOnOtherSilosStay()
    {
        var remaining = Silos.Where(s => s.Endpoint != "silo-1").ToList();

        for (var group = 0; group < 50; group++)
        {
            var before = RendezvousHashing.Rank($"g{group}", Silos);
            var after = RendezvousHashing.Rank($"g{group}", remaining);
            Assert.Equal(before.Where(s => s.Endpoint != "silo-1"), after);
        }
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
