namespace OrleansSync.Silo.Api;

/// <summary>The body of <c>POST /locks/{name}/release</c> and <c>/keepalive</c>.</summary>
/// <param name="LeaseId">The lease id the grant returned (required).</param>
internal sealed record LeaseRequest(ulong? LeaseId);
