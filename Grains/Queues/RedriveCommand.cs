namespace OrleansSync.Grains.Queues;

/// <summary>
/// Moves up to <paramref name="MaxMessages"/> (1 to <see cref="QueueTable.MaxRedriveMessages"/>) of the
/// partition's dead letters, oldest first, back to its main queue: visible, same message id, delivery count reset.
/// </summary>
public sealed record RedriveCommand(string Queue, int Partition, int MaxMessages) : QueueCommand;
