using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

/// <summary>One silo's vote that another silo is dead, with the voter's clock at voting time.</summary>
public sealed record SuspicionVote(SiloAddress Voter, DateTimeOffset Time);
