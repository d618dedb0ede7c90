namespace OrleansSync.Grains.Queues;

/// <summary>The outcome class of a <see cref="QueueTable"/> command.</summary>
public enum QueueResultStatus : byte
{
    /// <summary>Done.</summary>
    Ok = 1,

    /// <summary>A long-poll receive found nothing and waits; a notification keyed by <see cref="QueueResult.WaitId"/> ends the wait.</summary>
    Waiting = 2,

    /// <summary>Refused; <see cref="QueueResult.Error"/> says why.</summary>
    Failed = 3,
}
