using OrleansSync.Client.Connection;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Client.Tests.Commands;

/// <summary>Hands the commands an InProcessTestCluster's grain factory instead of a TCP gateway client; counts connections.</summary>
internal sealed class TestClusterConnector(IGrainFactory grains, IRaftPeerResolver? peers = null) : IClusterConnector
{
    private int _connections;

    public int Connections => _connections;

    public Task<ClusterConnection> ConnectAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connections);
        return ClusterConnection.OpenAsync(grains, "test-cluster", settings.ConnectTimeout, () => ValueTask.CompletedTask, cancellationToken, peers);
    }
}
