namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// Fault-injection hook: decides whether traffic between two silo endpoints (<see cref="Transport.SiloAddress.Endpoint"/> strings) may flow. A
/// <see cref="MessageTransport"/> refuses to open blocked connections, closes an inbound one right
/// after its handshake, and on <see cref="Changed"/> closes the open ones that became blocked.
/// Client connections are never filtered.
/// </summary>
public interface IConnectionFilter
{
    /// <summary>True when traffic between the local silo and the remote silo must not flow.</summary>
    bool IsBlocked(string localSiloEndpoint, string remoteSiloEndpoint);

    /// <summary>Raised after the set of blocked pairs changed.</summary>
    event EventHandler? Changed;
}
