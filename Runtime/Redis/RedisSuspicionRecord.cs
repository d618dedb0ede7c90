namespace OrleansSync.Runtime.Redis;

/// <summary>One suspicion vote inside a <see cref="RedisMembershipRecord"/>.</summary>
internal sealed record RedisSuspicionRecord(string VoterEndpoint, long VoterGeneration, long TimeUtcTicks);
