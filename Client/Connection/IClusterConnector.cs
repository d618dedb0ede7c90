namespace OrleansSync.Client.Connection;

/// <summary>
/// Opens a connection to the cluster. The executable connects over TCP gateways
/// (<see cref="GatewayClusterConnector"/>); tests hand the commands a TestCluster's grain factory.
/// </summary>
internal interface IClusterConnector
{
    /// <exception cref="Cli.CliException">No silo answered within <see cref="ClientSettings.ConnectTimeout"/> (exit code 4).</exception>
    Task<ClusterConnection> ConnectAsync(ClientSettings settings, CancellationToken cancellationToken);
}
