namespace OrleansSync.Silo.Api;

/// <summary>One group's part of <c>GET /cluster/queues</c>: how many queues it knows, or why it did not answer.</summary>
internal sealed record QueueGroupState(int Group, int? Queues, string? Error);
