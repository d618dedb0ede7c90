namespace OrleansSync.Grains.Locks;

/// <summary>
/// Carries nothing but the leader's timestamp: applying it expires the leases and waits that are
/// due. The leader proposes a sessionless <c>Expire</c> session command once a deadline has passed,
/// which applies this command, so that expiry happens without other traffic.
/// </summary>
public sealed record ExpireCommand : LockCommand;
