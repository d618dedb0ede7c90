using OrleansSync.Runtime.Placement;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Cluster;

public sealed class GrainCallTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _fixture;

    public GrainCallTests(ClusterFixture fixture)
    {
        _fixture = fixture;
    }

    private IGrainFactory Client => _fixture.Cluster.Client;

    [Fact]
    public async Task Call_FromClient_ReturnsResults()
    {
        var grain = Client.GetGrain<IEchoGrain>("echo-basic");

        Assert.Equal("hello", await grain.Echo("hello"));
        Assert.Equal(5, await grain.Add(2, 3));
        Assert.Equal("echo-basic", await grain.Key());
        await grain.Nothing();
    }

    [Fact]
    public async Task Calls_ToManyGrains_AreSpreadOverSilosAndEachGrainStaysOnOneSilo()
    {
        var placements = new Dictionary<string, string>();
        for (var i = 0; i < 30; i++)
        {
            var key = $"spread-{i}";
            placements[key] = await Client.GetGrain<IEchoGrain>(key).SiloName();
        }

        Assert.True(placements.Values.Distinct().Count() > 1, $"all 30 grains landed on {placements.Values.First()}");
        foreach (var (key, silo) in placements)
        {
            Assert.Equal(silo, await Client.GetGrain<IEchoGrain>(key).SiloName());
        }
    }

    [Fact]
    public async Task GrainToGrainCall_AcrossSilos_Works()
    {
        // Find two grains that live on different silos, then call one through the other.
        var first = Client.GetGrain<IEchoGrain>("g2g-0");
        var firstSilo = await first.SiloName();
        string? otherKey = null;
        for (var i = 1; i < 50 && otherKey is null; i++)
        {
            if (await Client.GetGrain<IEchoGrain>($"g2g-{i}").SiloName() != firstSilo)
            {
                otherKey = $"g2g-{i}";
            }
        }

        Assert.NotNull(otherKey);
        Assert.Equal("via", await first.EchoThrough(otherKey!, "via"));
    }

    [Fact]
    public async Task GeneratedSerializer_RoundTripsRecordArgumentsAndResults()
    {
        var payload = new Payload("p", 1, ["a", "b"], new() { ["x"] = 7 }, Color.Green, new Payload("child", 0, [], [], Color.Red, null, null, null), [1, 2, 3], 42);

        var result = await Client.GetGrain<IEchoGrain>("payload").RoundTrip(payload);

        Assert.Equal(2, result.Count);
        Assert.Equal(["a", "b"], result.Tags);
        Assert.Equal(7, result.Scores["x"]);
        Assert.Equal(Color.Green, result.Color);
        Assert.Equal("child", result.Child!.Name);
        Assert.Equal(new byte[] { 1, 2, 3 }, result.Blob);
        Assert.Equal(42, result.Maybe);
    }

    [Fact]
    public async Task KnownException_ReachesCallerWithItsType()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Client.GetGrain<IEchoGrain>("fail").Fail("boom"));

        Assert.Equal("boom", ex.Message);
    }

    [Fact]
    public async Task UnknownException_ReachesCallerAsRemoteGrainExceptionNamingTheType()
    {
        var ex = await Assert.ThrowsAsync<RemoteGrainException>(() => Client.GetGrain<IEchoGrain>("fail-custom").FailWithCustomException("custom boom"));

        Assert.Equal(typeof(CustomGrainException).FullName, ex.RemoteExceptionType);
        Assert.Equal("custom boom", ex.RemoteMessage);
    }

    [Fact]
    public async Task RegisteredApplicationException_ReachesCallerWithItsType()
    {
        GrainExceptions.Register(message => new RegisteredGrainException(message));

        var ex = await Assert.ThrowsAsync<RegisteredGrainException>(() => Client.GetGrain<IEchoGrain>("fail-registered").FailWithRegisteredException("typed"));

        Assert.Equal("typed", ex.Message);
    }

    [Fact]
    public async Task ReplicaPlacement_PutsEachReplicaOnTheSiloItPrefers()
    {
        var silos = _fixture.Cluster.RunningSilos.ToDictionary(s => s.Address.Endpoint, s => s.Name);
        var grainType = typeof(ReplicaGrain).FullName!;
        for (var replica = 0; replica < 6; replica++)
        {
            var expected = ReplicaPlacer.Place(grainType, "group-7", replica, [.. _fixture.Cluster.RunningSilos.Select(s => s.Address)])!;

            Assert.Equal(silos[expected.Endpoint], await Client.GetGrain<IReplicaGrain>($"group-7/{replica}").SiloName());
        }
    }
}
