namespace OrleansSync.Grains.Queues;

/// <summary>
/// A command for the <see cref="QueueTable"/>. Commands carry no time of their own: the table reads
/// time from the leader-proposed timestamp that comes with every applied command.
/// </summary>
public abstract record QueueCommand;
