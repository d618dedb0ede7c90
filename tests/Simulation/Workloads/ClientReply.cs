namespace OrleansSync.Simulation.Workloads;

/// <summary>A node's reply to a <see cref="ClientRequest{TInput}"/>.</summary>
/// <param name="ClientId">The client it goes to.</param>
/// <param name="OperationId">The operation it answers.</param>
/// <param name="Kind">Answer, or why not.</param>
/// <param name="Output">The result, for <see cref="ClientReplyKind.Answer"/>.</param>
/// <param name="LeaderHint">The leader the node knows of, for <see cref="ClientReplyKind.NotLeader"/>; 0 if none.</param>
/// <param name="SessionId">The new session, for <see cref="ClientReplyKind.Registered"/>.</param>
internal sealed record ClientReply<TOutput>(int ClientId, long OperationId, ClientReplyKind Kind, TOutput? Output, ulong LeaderHint, ulong SessionId = 0);
