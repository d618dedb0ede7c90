using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Client;

/// <summary>A client of an <see cref="InProcessCluster"/>: every active silo is a gateway.</summary>
internal sealed class InProcessClientClustering : IClientClustering
{
    private readonly InProcessCluster _cluster;
    private InProcessChannel? _channel;

    public InProcessClientClustering(InProcessCluster cluster)
    {
        _cluster = cluster;
    }

    public IMessageChannel Channel => _channel ?? throw new InvalidOperationException("The client is not started.");

    public IMembershipViewSource Gateways => _cluster.Membership;

    public Task StartAsync(string clientName, CancellationToken cancellationToken)
    {
        var generation = _cluster.Membership.NextGeneration();
        _channel = _cluster.Network.Attach(new SiloAddress($"client/{clientName}/{generation}", generation));
        return Task.CompletedTask;
    }

    public ValueTask CloseAsync() => _channel?.DisposeAsync() ?? ValueTask.CompletedTask;
}
