using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Locks;

/// <summary>The notifications a lock state machine hands its host, keyed by wait id.</summary>
public sealed class LockStateMachineNotificationTests
{
    private ulong _index;

    [Fact]
    public void Grant_IsNotifiedUnderTheWaitId_AndTheWaitIsThenNoLongerPending()
    {
        var locks = new LockStateMachine(1, new LockTableOptions());
        var holder = Apply(locks, new OpenLeaseCommand("A", 10_000)).LeaseId;
        var waiter = Apply(locks, new OpenLeaseCommand("B", 10_000)).LeaseId;
        Apply(locks, new AcquireCommand("x", holder, LockMode.Exclusive, 0));
        var queued = Apply(locks, new AcquireCommand("x", waiter, LockMode.Exclusive, 5_000));
        var pendingBefore = (locks.MayNotify(queued.WaitId), locks.MayNotify(_index + 1), locks.MayNotify(1));

        var release = Apply(locks, new ReleaseCommand("x", holder));
        var notification = Assert.Single(locks.TakeNotifications());
        var granted = LockWireCodec.DecodeEvent(notification.Payload);

        Assert.Equal((true, true, false), pendingBefore); // queued; not applied yet; never a wait
        Assert.Equal(LockResultStatus.Ok, release.Status);
        Assert.Equal(queued.WaitId, notification.Key);
        Assert.Equal(new LockEvent(LockEventKind.Granted, "x", waiter, queued.WaitId, LockMode.Exclusive, granted.FencingToken, null), granted);
        Assert.False(locks.MayNotify(queued.WaitId));
        Assert.Empty(locks.TakeNotifications());
    }

    [Fact]
    public void EventCodec_RoundTripsAnAbortWithItsCycle()
    {
        var aborted = new LockEvent(LockEventKind.WaitAborted, "y", 7, 9, LockMode.Shared, 0, "A waits for B on 'x', B waits for A on 'y'");

        Assert.Equal(aborted, LockWireCodec.DecodeEvent(LockWireCodec.EncodeEvent(aborted)));
        Assert.Throws<CommandFormatException>(() => LockWireCodec.DecodeEvent([99]));
    }

    private LockResult Apply(LockStateMachine locks, LockCommand command) =>
        LockWireCodec.DecodeResult(locks.Apply(++_index, 1_000, LockCommandCodec.Encode(command)).Span);
}
