namespace OrleansSync.Silo.Ui;

/// <summary>A leader change this silo saw in the Raft status (from its status refreshes, so within about a second of it).</summary>
internal sealed record ObservedElection(DateTimeOffset SeenAt, int Group, ulong Term, int? LeaderReplica, string? LeaderSilo, string? PreviousLeaderSilo);
