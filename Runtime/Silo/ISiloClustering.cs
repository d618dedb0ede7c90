using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Silo;

/// <summary>
/// A silo's network and membership: the in-process network with the in-process membership
/// table, or the TCP transport with a membership table. <see cref="SiloHost"/> starts it with its
/// router as the request handler and otherwise only sees the channel and the views.
/// </summary>
internal interface ISiloClustering
{
    /// <summary>The silo's channel (after <see cref="StartAsync"/>).</summary>
    IMessageChannel Channel { get; }

    /// <summary>The membership views (after <see cref="StartAsync"/>).</summary>
    IMembershipViewSource Membership { get; }

    /// <summary>Completes when the cluster has declared this silo dead: it must stop serving.</summary>
    Task DeclaredDead { get; }

    /// <summary>Listens with <paramref name="handler"/>, joins membership as a new generation and starts failure detection.</summary>
    Task StartAsync(string siloName, IMessageHandler handler, CancellationToken cancellationToken);

    /// <summary>Graceful: tells membership this silo leaves and stops failure detection (the channel stays open).</summary>
    Task LeaveAsync(CancellationToken cancellationToken);

    /// <summary>Closes the channel.</summary>
    ValueTask CloseAsync();

    /// <summary>Abrupt: stops detection and the channel without telling anyone; completes once the endpoint is released (never throws).</summary>
    Task KillAsync();
}
