using OrleansSync.Client.Connection;

namespace OrleansSync.Client.Tests.Commands;

/// <summary>For input that must be refused before any connection: fails the test if a command connects.</summary>
internal sealed class NeverConnector : IClusterConnector
{
    public Task<ClusterConnection> ConnectAsync(ClientSettings settings, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The command connected although its input should have been refused first.");
}
