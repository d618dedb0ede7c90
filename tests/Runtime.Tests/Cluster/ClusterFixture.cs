using OrleansSync.Runtime.Testing;

namespace OrleansSync.Runtime.Tests.Cluster;

/// <summary>A shared three-silo cluster for tests that do not inject faults.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(3).Build();

    public Task InitializeAsync() => Cluster.DeployAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
}
