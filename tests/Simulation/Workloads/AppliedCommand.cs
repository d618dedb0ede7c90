namespace OrleansSync.Simulation.Workloads;

/// <summary>The result of applying one command: whose it was and what to answer (null: no answer is due, e.g. a stale duplicate).</summary>
internal readonly record struct AppliedCommand<TOutput>(ulong SessionId, ulong Sequence, TOutput? Output);
