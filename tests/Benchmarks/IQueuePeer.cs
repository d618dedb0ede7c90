namespace OrleansSync.Benchmarks;

/// <summary>One queue system the queue benchmark drives: a queue to create, publishers, a way to fill it fast, and consumers that ack.</summary>
internal interface IQueuePeer : IAsyncDisposable
{
    /// <summary>Column label in the results (e.g. <c>rabbitmq</c>, <c>ours-client</c>).</summary>
    string Name { get; }

    Task CreateQueueAsync(string queue, CancellationToken cancellationToken);

    Task DeleteQueueAsync(string queue, CancellationToken cancellationToken);

    /// <summary>Publishers of one case: each call of a publisher sends one message and returns once the system confirmed it.</summary>
    Task<IReadOnlyList<Func<CancellationToken, Task>>> OpenPublishersAsync(string queue, int count, CancellationToken cancellationToken);

    Task ClosePublishersAsync();

    /// <summary>
    /// Consume+ack: <paramref name="consumers"/> consumers take messages from the (filled) queue and
    /// ack each one, until <paramref name="messages"/> are acked or <paramref name="window"/> ends;
    /// answers how many were acked and how long it took from the first consumer's start (connections
    /// opened before) to the last counted ack.
    /// </summary>
    Task<(long Acked, TimeSpan Elapsed)> ConsumeAsync(string queue, int consumers, long messages, TimeSpan window, CancellationToken cancellationToken);
}
