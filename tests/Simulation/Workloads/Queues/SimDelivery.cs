using OrleansSync.Grains.Queues;

namespace OrleansSync.Simulation.Workloads.Queues;

/// <summary>One delivered message as a receive answered it.</summary>
internal readonly record struct SimDelivery(ulong MessageId, uint DeliveryCount, QueueReceipt Receipt, long VisibleUntilMs);
