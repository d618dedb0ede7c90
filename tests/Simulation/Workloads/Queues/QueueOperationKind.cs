namespace OrleansSync.Simulation.Workloads.Queues;

/// <summary>What a simulated queue client asks for.</summary>
internal enum QueueOperationKind
{
    Create = 1,
    Send = 2,
    Receive = 3,
    Ack = 4,
    Nack = 5,
    Extend = 6,
    Redrive = 7,

    /// <summary>A ReadIndex read of one partition's stats.</summary>
    Stats = 8,

    /// <summary>A leader-proposed expiry (client 0 in the history).</summary>
    Expire = 9,

    /// <summary>One batch ack of several receipts of one partition (<see cref="QueueInput.Receipts"/>).</summary>
    AckBatch = 10,
}
