namespace OrleansSync.Runtime.Streams;

/// <summary>
/// A stream of <typeparamref name="T"/> (a serializable type). What <see cref="OnNextAsync"/>
/// waits for depends on the provider: the cluster provider completes once every subscriber has
/// processed the item; the Redis provider once Redis accepted it (at-most-once delivery). Items
/// from one producer that awaits each call reach every subscriber in order.
/// </summary>
public interface IAsyncStream<T>
{
    StreamId StreamId { get; }

    Task OnNextAsync(T item);

    /// <summary>
    /// Subscribes the calling grain (explicit subscription). Cluster provider: the subscription is
    /// stored by the stream's pub-sub grain and outlives the activation; after a re-activation,
    /// resume it in <c>OnActivateAsync</c> with <see cref="GetAllSubscriptionHandles"/> and
    /// <see cref="StreamSubscriptionHandle{T}.ResumeAsync"/>. Redis provider: the subscription
    /// belongs to this activation and ends with it.
    /// </summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(Func<T, Task> onNextAsync);

    /// <summary>The calling grain's subscriptions to this stream.</summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}
