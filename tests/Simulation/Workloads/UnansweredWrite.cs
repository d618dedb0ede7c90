namespace OrleansSync.Simulation.Workloads;

/// <summary>A write whose answer its client never saw: its history handle and the (session, sequence) it was sent as.</summary>
internal sealed record UnansweredWrite<TInput>(int Handle, TInput Input, ulong SessionId, ulong Sequence);
