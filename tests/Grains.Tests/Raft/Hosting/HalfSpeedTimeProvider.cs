namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>
/// System time whose elapsed-time measurements run at half speed (timers are real): a client
/// that starts counting a wait or a lease long after the group did, as after a slow reply.
/// </summary>
internal sealed class HalfSpeedTimeProvider : TimeProvider
{
    private readonly long _origin = System.GetTimestamp();

    public override long GetTimestamp() => _origin + ((System.GetTimestamp() - _origin) / 2);
}
