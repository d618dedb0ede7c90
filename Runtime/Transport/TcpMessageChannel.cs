using OrleansSync.Runtime.Messaging;

namespace OrleansSync.Runtime.Transport;

/// <summary>
/// <see cref="IMessageChannel"/> over the TCP <see cref="MessageTransport"/>. Transport errors
/// become <see cref="SiloUnavailableException"/>: a connection that could not be made means the
/// request was never delivered (safe to retry elsewhere); a lost connection, a timeout or a
/// remote failure means it may have been.
/// </summary>
internal sealed class TcpMessageChannel : IMessageChannel
{
    private readonly MessageTransport _transport;

    public TcpMessageChannel(MessageTransport transport, SiloAddress localAddress)
    {
        _transport = transport;
        LocalAddress = localAddress;
    }

    public SiloAddress LocalAddress { get; }

    /// <summary>The handler was given to the transport when it was created.</summary>
    public void StartListening(IMessageHandler handler)
    {
    }

    public async Task<ReadOnlyMemory<byte>> SendRequestAsync(SiloAddress target, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        try
        {
            return await _transport.SendRequestAsync(target, payload, null, cancellationToken).ConfigureAwait(false);
        }
        catch (PayloadTooLargeException)
        {
            // The caller's own error, not the silo's: surface it unchanged.
            throw;
        }
        catch (ConnectionFailedException ex)
        {
            throw new SiloUnavailableException($"Could not connect to {target}: {ex.Message}", mayHaveBeenDelivered: false);
        }
        catch (MessagingException ex)
        {
            throw new SiloUnavailableException($"Request to {target} failed after it was sent: {ex.Message}", mayHaveBeenDelivered: true);
        }
    }

    public ValueTask DisposeAsync() => _transport.DisposeAsync();
}
