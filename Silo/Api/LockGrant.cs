namespace OrleansSync.Silo.Api;

/// <summary>A granted lock: hold it until <see cref="LeaseExpiresAt"/>, keep it alive or release it with <see cref="LeaseId"/>.</summary>
/// <param name="Name">The lock.</param>
/// <param name="Mode"><c>exclusive</c> or <c>shared</c>.</param>
/// <param name="LeaseId">The lease that holds it; meaningful together with the lock name.</param>
/// <param name="FencingToken">Strictly increasing per lock: pass it to the resource the lock protects.</param>
/// <param name="LeaseExpiresAt">When the lease ends unless kept alive (leader's clock).</param>
internal sealed record LockGrant(string Name, string Mode, ulong LeaseId, ulong FencingToken, DateTimeOffset LeaseExpiresAt);
