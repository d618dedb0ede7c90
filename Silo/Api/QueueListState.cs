namespace OrleansSync.Silo.Api;

/// <summary>
/// The body of <c>GET /cluster/queues</c>: totals over every queue of the answering groups, each
/// group's count (or error), and up to the limit of queues whose name contains the text, by name.
/// </summary>
internal sealed record QueueListState(
    string Contains,
    int TotalQueues,
    long TotalMessages,
    long TotalSent,
    long TotalAcked,
    bool Truncated,
    IReadOnlyList<QueueGroupState> Groups,
    IReadOnlyList<ListedQueueState> Queues);
