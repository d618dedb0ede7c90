namespace OrleansSync.Runtime.Streams;

/// <summary>What a <see cref="StreamSubscriptionHandle{T}"/> needs from the stream that issued it, whatever the provider.</summary>
internal interface ISubscribableStream<T>
{
    StreamId StreamId { get; }

    /// <summary>Attaches <paramref name="onNextAsync"/> to the subscription in the calling activation.</summary>
    Task ResumeAsync(Guid subscriptionId, Func<T, Task> onNextAsync);

    Task UnsubscribeAsync(Guid subscriptionId);
}
