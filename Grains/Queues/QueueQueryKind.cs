namespace OrleansSync.Grains.Queues;

/// <summary>Read-only queries of <see cref="QueueStateMachine"/> (served after ReadIndex).</summary>
public enum QueueQueryKind : byte
{
    /// <summary>The <see cref="QueueStats"/> of one partition.</summary>
    Stats = 1,

    /// <summary>The replicated <see cref="QueueOptions"/> of a queue (empty answer if there is none).</summary>
    Options = 2,

    /// <summary>Every queue the group knows with the <see cref="QueueStats"/> of each partition used in it (<see cref="QueueGroupListing"/>): one read per group for a dashboard.</summary>
    Listing = 3,
}
