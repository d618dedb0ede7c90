namespace OrleansSync.Runtime.Transport;

/// <summary>
/// The runtime's only view of the network: opaque request/response byte payloads between
/// endpoints. The in-process implementation backs tests and single-process clusters; the TCP
/// transport in <c>Runtime/Messaging</c> plugs in behind the same interface.
/// Send failures raise <see cref="SiloUnavailableException"/> saying whether the request may
/// have been delivered.
/// </summary>
internal interface IMessageChannel : IAsyncDisposable
{
    /// <summary>This endpoint's address.</summary>
    SiloAddress LocalAddress { get; }

    /// <summary>Starts accepting requests (silos); clients never call it.</summary>
    void StartListening(IMessageHandler handler);

    Task<ReadOnlyMemory<byte>> SendRequestAsync(SiloAddress target, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
