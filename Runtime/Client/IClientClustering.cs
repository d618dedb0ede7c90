using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Client;

/// <summary>A client's network and its view of the gateway silos (in-process, or TCP with a membership table or a static list).</summary>
internal interface IClientClustering
{
    /// <summary>The client's channel (after <see cref="StartAsync"/>).</summary>
    IMessageChannel Channel { get; }

    /// <summary>Views whose active silos are the gateways, each addressed by its gateway endpoint.</summary>
    IMembershipViewSource Gateways { get; }

    Task StartAsync(string clientName, CancellationToken cancellationToken);

    ValueTask CloseAsync();
}
