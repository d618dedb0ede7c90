using System.Collections.Concurrent;

namespace OrleansSync.Runtime.Transport;

/// <summary>One endpoint of an <see cref="InProcessNetwork"/>.</summary>
internal sealed class InProcessChannel : IMessageChannel
{
    private readonly InProcessNetwork _network;
    private readonly ConcurrentDictionary<long, (string Target, TaskCompletionSource<ReadOnlyMemory<byte>> Completion)> _outstanding = new();
    private readonly CancellationTokenSource _disposed = new();
    private IMessageHandler? _handler;
    private long _nextCorrelationId;

    public InProcessChannel(InProcessNetwork network, SiloAddress address)
    {
        _network = network;
        LocalAddress = address;
    }

    public SiloAddress LocalAddress { get; }

    public bool IsListening => _handler is not null && !_disposed.IsCancellationRequested;

    public void StartListening(IMessageHandler handler) => _handler = handler;

    public async Task<ReadOnlyMemory<byte>> SendRequestAsync(SiloAddress target, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var destination = _network.Route(LocalAddress.Endpoint, target)
            ?? throw new SiloUnavailableException($"{target} is not reachable from {LocalAddress}.", mayHaveBeenDelivered: false);
        var correlationId = Interlocked.Increment(ref _nextCorrelationId);
        var completion = new TaskCompletionSource<ReadOnlyMemory<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _outstanding[correlationId] = (target.Endpoint, completion);
        try
        {
            var copy = payload.ToArray();
            _ = Task.Run(() => destination.DeliverAsync(copy, completion), CancellationToken.None);
            return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _outstanding.TryRemove(correlationId, out _);
        }
    }

    public void FailOutstandingTo(string endpoint)
    {
        foreach (var (_, (target, completion)) in _outstanding)
        {
            if (target == endpoint)
            {
                completion.TrySetException(new SiloUnavailableException($"Connection from {LocalAddress.Endpoint} to {endpoint} was lost with the request outstanding.", mayHaveBeenDelivered: true));
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            _network.Detach(this);
            foreach (var (_, (_, completion)) in _outstanding)
            {
                completion.TrySetException(new SiloUnavailableException($"{LocalAddress} shut down with the request outstanding.", mayHaveBeenDelivered: true));
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task DeliverAsync(byte[] payload, TaskCompletionSource<ReadOnlyMemory<byte>> completion)
    {
        var handler = _handler;
        if (handler is null || _disposed.IsCancellationRequested)
        {
            completion.TrySetException(new SiloUnavailableException($"{LocalAddress} is not listening.", mayHaveBeenDelivered: false));
            return;
        }

        try
        {
            var response = await handler.HandleRequestAsync(payload, _disposed.Token).ConfigureAwait(false);
            if (_disposed.IsCancellationRequested)
            {
                // Killed while handling: the caller's request was already failed on detach.
                return;
            }

            completion.TrySetResult(response.ToArray());
        }
        catch (Exception ex)
        {
            // A handler never throws for a request it could decode; anything here is a transport-level failure.
            completion.TrySetException(new SiloUnavailableException($"{LocalAddress} failed to handle a request: {ex.Message}", mayHaveBeenDelivered: true));
        }
    }
}
