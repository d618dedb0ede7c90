namespace OrleansSync.Silo.Api;

/// <summary>The body of <c>POST /locks/{name}/release</c> and <c>/keepalive</c>.</summary>
/// <param name="LeaseId">The lease id the grant returned (required).</param>
internal sealed record LeaseRequest(ulong? LeaseId)
{
    public static readonly IReadOnlyCollection<string> Members = ["leaseId"];

    /// <summary>The request the body states; null with the reason if a member has the wrong type.</summary>
    public static LeaseRequest? From(StrictJsonObject body, out string? error) =>
        body.TryGetUInt64("leaseId", out var leaseId, out error) ? new LeaseRequest(leaseId) : null;
}
