using System.Net;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// Who is on the other end of a connection, as proven by the handshake: a silo (with its
/// advertised address and generation) or a client (with its self-chosen id).
/// </summary>
public sealed class RemoteEndpointInfo
{
    internal RemoteEndpointInfo(long connectionId, EndPoint? socketEndPoint, SiloAddress? silo, string? clientId)
    {
        if ((silo is null) == (clientId is null))
        {
            throw new ArgumentException("A remote endpoint is either a silo or a client.");
        }

        ConnectionId = connectionId;
        SocketEndPoint = socketEndPoint;
        Silo = silo;
        ClientId = clientId;
    }

    /// <summary>Process-local id of the connection (for logs and metrics).</summary>
    public long ConnectionId { get; }

    /// <summary>Remote address of the TCP socket (for a silo, usually not its listening endpoint).</summary>
    public EndPoint? SocketEndPoint { get; }

    /// <summary>The remote silo, or null when the remote is a client.</summary>
    public SiloAddress? Silo { get; }

    /// <summary>The remote client's id, or null when the remote is a silo.</summary>
    public string? ClientId { get; }

    /// <summary>True when the remote side is a client rather than a silo.</summary>
    public bool IsClient => ClientId is not null;

    public override string ToString() => Silo is not null ? $"silo {Silo}" : $"client {ClientId}";
}
