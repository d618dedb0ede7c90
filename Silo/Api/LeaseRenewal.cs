namespace OrleansSync.Silo.Api;

/// <summary>The answer to a keep-alive: the lease now ends at <see cref="LeaseExpiresAt"/>.</summary>
internal sealed record LeaseRenewal(string Name, ulong LeaseId, DateTimeOffset LeaseExpiresAt);
