namespace OrleansSync.Runtime.Liveness;

/// <summary>
/// Publishes membership views to the runtime (placement, catalog, client gateways). The in-process
/// implementation is <see cref="InProcessMembership"/>; the membership service in
/// <c>Runtime/Membership</c> plugs in behind the same interface.
/// </summary>
internal interface IMembershipViewSource
{
    MembershipView Current { get; }

    /// <summary>Completes when a view newer than <paramref name="knownVersion"/> is published.</summary>
    Task WaitForNewerViewAsync(long knownVersion, CancellationToken cancellationToken);
}
