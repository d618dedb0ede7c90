using OrleansSync.Client.Connection;

namespace OrleansSync.Client.Tests.Commands;

/// <summary>Hands the commands a TestCluster's grain factory instead of a TCP gateway client; counts connections.</summary>
internal sealed class TestClusterConnector(IGrainFactory grains) : IClusterConnector
{
    private int _connections;

    public int Connections => _connections;

    public Task<ClusterConnection> ConnectAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connections);
        return ClusterConnection.OpenAsync(grains, "test-cluster", settings.ConnectTimeout, () => ValueTask.CompletedTask, cancellationToken);
    }
}
