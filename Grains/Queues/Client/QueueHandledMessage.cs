namespace OrleansSync.Grains.Queues.Client;

/// <summary>One delivery the handler-driven consumer settled: the message, what became of it, and why.</summary>
/// <param name="Message">The delivery as received.</param>
/// <param name="Outcome">Acked, nacked with <paramref name="RetryDelay"/>, or lost.</param>
/// <param name="RetryDelay">For <see cref="QueueHandlingOutcome.Nacked"/>: how long the message stays hidden before its next delivery.</param>
/// <param name="Extensions">Heartbeats that renewed this delivery's visibility while it was held.</param>
/// <param name="Error">The handler's exception (nacked), or the refusal that lost the delivery; null when acked.</param>
public sealed record QueueHandledMessage(DeliveredMessage Message, QueueHandlingOutcome Outcome, TimeSpan RetryDelay, int Extensions, Exception? Error);
