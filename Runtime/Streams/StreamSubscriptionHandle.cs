namespace OrleansSync.Runtime.Streams;

/// <summary>One explicit subscription of a grain to a stream.</summary>
public sealed class StreamSubscriptionHandle<T>
{
    private readonly ISubscribableStream<T> _stream;

    internal StreamSubscriptionHandle(ISubscribableStream<T> stream, Guid subscriptionId)
    {
        _stream = stream;
        SubscriptionId = subscriptionId;
    }

    public Guid SubscriptionId { get; }

    public StreamId StreamId => _stream.StreamId;

    /// <summary>Attaches a handler to this subscription in the current activation (after a re-activation).</summary>
    public async Task<StreamSubscriptionHandle<T>> ResumeAsync(Func<T, Task> onNextAsync)
    {
        ArgumentNullException.ThrowIfNull(onNextAsync);
        await _stream.ResumeAsync(SubscriptionId, onNextAsync).ConfigureAwait(false);
        return this;
    }

    public Task UnsubscribeAsync() => _stream.UnsubscribeAsync(SubscriptionId);
}
