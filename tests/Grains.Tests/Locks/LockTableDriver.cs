using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;

namespace OrleansSync.Grains.Tests.Locks;

/// <summary>Feeds a <see cref="LockTable"/> commands with increasing indices and a test-controlled time.</summary>
internal sealed class LockTableDriver(LockTableOptions? options = null, int groupId = 1)
{
    public LockTable Table { get; } = new(groupId, options ?? new LockTableOptions());

    public ulong Index { get; private set; }

    public long NowMs { get; set; } = 1_000;

    public LockResult Apply(LockCommand command)
    {
        Index++;
        return Table.Apply(Index, NowMs, command);
    }

    public ulong OpenLease(string owner = "client", long ttlMs = 10_000)
    {
        var result = Apply(new OpenLeaseCommand(owner, ttlMs));
        Assert.Equal(LockResultStatus.Ok, result.Status);
        return result.LeaseId;
    }

    public LockResult Acquire(string name, ulong lease, LockMode mode = LockMode.Exclusive, long waitMs = 5_000) =>
        Apply(new AcquireCommand(name, lease, mode, waitMs));

    public LockResult Release(string name, ulong lease) => Apply(new ReleaseCommand(name, lease));

    public LockResult Advance(long ms)
    {
        NowMs += ms;
        return Apply(new ExpireCommand());
    }
}
