namespace OrleansSync.Client.Commands;

/// <summary>The JSON object of a grant (<c>lock acquire</c>, <c>lock try</c>).</summary>
internal sealed record LockGrantJson(string Name, string Mode, ulong LeaseId, ulong FencingToken, DateTimeOffset LeaseExpiresAt);
