namespace OrleansSync.Grains.Queues;

/// <summary>What <see cref="QueueQueryKind.Listing"/> answers: the group's table time and every queue it knows, by name.</summary>
public sealed record QueueGroupListing(long NowMs, IReadOnlyList<QueueListingEntry> Queues);
