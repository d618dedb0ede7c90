namespace OrleansSync.Runtime.Streams;

/// <summary>
/// A stream of <typeparamref name="T"/> (a serializable type). <see cref="OnNextAsync"/>
/// completes once every subscriber has processed the item; items from one producer that awaits
/// each call reach every subscriber in order.
/// </summary>
public interface IAsyncStream<T>
{
    StreamId StreamId { get; }

    Task OnNextAsync(T item);

    /// <summary>
    /// Subscribes the calling grain (explicit subscription): the subscription is stored by the
    /// stream's pub-sub grain and outlives the activation. After a re-activation, resume it in
    /// <c>OnActivateAsync</c> with <see cref="GetAllSubscriptionHandles"/> and
    /// <see cref="StreamSubscriptionHandle{T}.ResumeAsync"/>.
    /// </summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(Func<T, Task> onNextAsync);

    /// <summary>The calling grain's subscriptions to this stream.</summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}
