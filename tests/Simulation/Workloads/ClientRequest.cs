namespace OrleansSync.Simulation.Workloads;

/// <summary>A client's request to a node; a retry repeats the same <paramref name="OperationId"/> and (session, sequence).</summary>
/// <param name="ClientId">The client's endpoint.</param>
/// <param name="OperationId">The client's operation, unique in the simulation; replies echo it.</param>
/// <param name="Kind">Register, write or read.</param>
/// <param name="SessionId">The client session that deduplicates retried writes; 0 for register and reads.</param>
/// <param name="Sequence">The write's sequence number in its session; 0 otherwise.</param>
/// <param name="Input">The operation; default for a register.</param>
internal sealed record ClientRequest<TInput>(int ClientId, long OperationId, ClientRequestKind Kind, ulong SessionId, ulong Sequence, TInput? Input);
