using System.Net;
using Orleans.Runtime.Placement;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.Hosting.Births;
using OrleansSync.Grains.Raft.Hosting.Placement;

namespace OrleansSync.Grains.Tests.Raft.Hosting.Placement;

/// <summary>Where the director puts a replica with no activation: a hint, else its birth silo if active, else its rank.</summary>
public sealed class ReplicaPlacementDirectorTests : IDisposable
{
    private static readonly SiloAddress[] Silos = [Silo(11111), Silo(11112), Silo(11113)];
    private readonly string _directory = Directory.CreateTempSubdirectory("orleanssync-placement-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AReplicaBornBefore_GoesBackToItsBirthSilo_WhileThatSiloIsActive()
    {
        var births = new FileReplicaBirthRegistry(_directory);
        var key = new RaftPeerKey(3, 1);
        var ranked = await PlaceAsync(new FileReplicaBirthRegistry(Path.Combine(_directory, "empty")), key, Silos);
        var elsewhere = Silos.First(s => !s.Equals(ranked));
        Assert.True(await births.TryRecordBirthAsync(key, elsewhere.Endpoint.ToString(), CancellationToken.None));

        Assert.Equal(elsewhere, await PlaceAsync(births, key, Silos));
    }

    [Fact]
    public async Task AReplicaWhoseBirthSiloIsGone_IsPlacedByRank()
    {
        var births = new FileReplicaBirthRegistry(_directory);
        var key = new RaftPeerKey(2, 0);
        Assert.True(await births.TryRecordBirthAsync(key, "10.9.9.9:11111", CancellationToken.None));
        var byRank = ReplicaPlacer.PreferredEndpoint(RaftPeerGrain.PlacementGrainType, "2", 0, Silos.Select(s => s.Endpoint.ToString()));

        Assert.Equal(byRank, (await PlaceAsync(births, key, Silos)).Endpoint.ToString());
    }

    [Fact]
    public async Task ARegistryThatFails_LeavesPlacementToTheRank()
    {
        var key = new RaftPeerKey(5, 2);
        var byRank = ReplicaPlacer.PreferredEndpoint(RaftPeerGrain.PlacementGrainType, "5", 2, Silos.Select(s => s.Endpoint.ToString()));

        Assert.Equal(byRank, (await PlaceAsync(new FailingRegistry(), key, Silos)).Endpoint.ToString());
    }

    private static Task<SiloAddress> PlaceAsync(IReplicaBirthRegistry births, RaftPeerKey key, SiloAddress[] silos) =>
        new ReplicaPlacementDirector(births, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReplicaPlacementDirector>.Instance).OnAddActivation(
            ReplicaPlacementStrategy.Instance,
            new PlacementTarget(GrainId.Create(RaftPeerGrain.PlacementGrainType, key.ToString()), [], default, 0),
            new FixedPlacementContext(silos));

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    private sealed class FixedPlacementContext(SiloAddress[] silos) : IPlacementContext
    {
        public SiloAddress LocalSilo => silos[0];

        public SiloStatus LocalSiloStatus => SiloStatus.Active;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => silos;

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) =>
            new Dictionary<ushort, SiloAddress[]> { [0] = silos };
    }

    private sealed class FailingRegistry : IReplicaBirthRegistry
    {
        public Task<bool> TryRecordBirthAsync(RaftPeerKey replica, string silo, CancellationToken cancellationToken) =>
            throw new IOException("registry down");

        public Task<string?> FindBirthSiloAsync(RaftPeerKey replica, CancellationToken cancellationToken) =>
            Task.FromException<string?>(new IOException("registry down"));
    }
}
