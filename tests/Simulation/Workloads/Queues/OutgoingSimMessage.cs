namespace OrleansSync.Simulation.Workloads.Queues;

/// <summary>One message a simulated producer sends: a unique tag as its body, an optional dedup id and delay.</summary>
internal sealed record OutgoingSimMessage(string Tag, string? DedupId, long DelayMs);
