using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Locks;

public sealed class LockStateMachineTests
{
    private ulong _index;

    [Fact]
    public void RetriedAcquire_ThroughSessions_IsAppliedOnce()
    {
        var locks = new LockStateMachine(1, new LockTableOptions());
        var sessions = new SessionStateMachine(locks);
        var session = Register(sessions, 1_000);
        var lease = Inner(Command(sessions, session, 1, 1_000, new OpenLeaseCommand("A", 10_000))).LeaseId;
        var acquire = new AcquireCommand("x", lease, LockMode.Shared, 0);

        var first = Inner(Command(sessions, session, 2, 1_000, acquire));
        var retry = Inner(Command(sessions, session, 2, 1_000, acquire));

        Assert.Equal(LockResultStatus.Granted, first.Status);
        Assert.Equal(first.FencingToken, retry.FencingToken);
        Assert.Equal(1, Assert.Single(locks.Table.GetLock("x")!.Holders).HoldCount); // not a second, reentrant hold
    }

    [Fact]
    public void SessionLayer_GivesTheLockTableTheCommittedLeaderTime()
    {
        var locks = new LockStateMachine(1, new LockTableOptions());
        var sessions = new SessionStateMachine(locks);
        var session = Register(sessions, 5_000);
        var open = Inner(Command(sessions, session, 1, 7_000, new OpenLeaseCommand("A", 2_000)));

        // An older stamp (a lagging new leader) does not move time back; a newer one expires the lease.
        Inner(Command(sessions, session, 2, 6_000, new ExpireCommand()));
        var stillOpen = locks.Table.GetLeaseExpiry(open.LeaseId);
        Inner(Command(sessions, session, 3, 9_000, new ExpireCommand()));

        Assert.Equal(9_000, open.LeaseExpiresAtMs);
        Assert.Equal(9_000, stillOpen);
        Assert.Null(locks.Table.GetLeaseExpiry(open.LeaseId));
    }

    [Fact]
    public void Apply_OutsideSessions_DoesNotMoveTime()
    {
        var locks = new LockStateMachine(1, new LockTableOptions());
        locks.Apply(++_index, 4_000, LockCommandCodec.Encode(new ExpireCommand()));

        locks.Apply(++_index, LockCommandCodec.Encode(new ExpireCommand()));

        Assert.Equal(4_000, locks.Table.NowMs);
    }

    [Fact]
    public void Apply_MalformedProposal_AnswersInvalidArgumentWithoutThrowing()
    {
        var locks = new LockStateMachine(1, new LockTableOptions());

        var result = LockWireCodec.DecodeResult(locks.Apply(++_index, new byte[] { 1, 2, 3 }).Span);

        Assert.Equal((LockResultStatus.Failed, LockErrorCode.InvalidArgument), (result.Status, result.Error));
    }

    [Fact]
    public void Queries_AnswerLockEdgesAndLeaseExpiry()
    {
        var locks = new LockStateMachine(3, new LockTableOptions());
        var a = Apply(locks, 1_000, new OpenLeaseCommand("A", 10_000)).LeaseId;
        var b = Apply(locks, 1_000, new OpenLeaseCommand("B", 10_000)).LeaseId;
        Apply(locks, 1_000, new AcquireCommand("x", a, LockMode.Exclusive, 0));
        Apply(locks, 1_000, new AcquireCommand("x", b, LockMode.Exclusive, 5_000));

        var info = LockWireCodec.DecodeLockInfo(locks.Query(LockWireCodec.EncodeGetLock("x")).Span)!;
        var edges = LockWireCodec.DecodeEdges(locks.Query(LockWireCodec.EncodeWaitForEdgesQuery()).Span);
        var expiry = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(locks.Query(LockWireCodec.EncodeLeaseExpiryQuery(a)).Span);

        Assert.Equal(locks.Table.GetLock("x")!.Holders, info.Holders);
        Assert.Equal(locks.Table.GetLock("x")!.Waiters, info.Waiters);
        Assert.Equal(locks.Table.GetWaitForEdges(), edges);
        Assert.Equal(11_000, expiry);
        Assert.Null(LockWireCodec.DecodeLockInfo(locks.Query(LockWireCodec.EncodeGetLock("nobody")).Span));
        Assert.Throws<CommandFormatException>(() => locks.Query(new byte[] { 99 }));
    }

    [Fact]
    public void TakeEvents_ReturnsGrantsForWaitersOnce()
    {
        var locks = new LockStateMachine(1, new LockTableOptions());
        var a = Apply(locks, 1_000, new OpenLeaseCommand("A", 10_000)).LeaseId;
        var b = Apply(locks, 1_000, new OpenLeaseCommand("B", 10_000)).LeaseId;
        Apply(locks, 1_000, new AcquireCommand("x", a, LockMode.Exclusive, 0));
        var waitId = Apply(locks, 1_000, new AcquireCommand("x", b, LockMode.Exclusive, 5_000)).WaitId;
        locks.TakeEvents();

        Apply(locks, 1_000, new ReleaseCommand("x", a));

        var grant = Assert.Single(locks.TakeEvents());
        Assert.Equal((LockEventKind.Granted, waitId), (grant.Kind, grant.WaitId));
        Assert.Empty(locks.TakeEvents());
    }

    [Fact]
    public void Restore_OfMalformedSnapshot_IsAFormatError()
    {
        var locks = new LockStateMachine(1, new LockTableOptions());

        Assert.Throws<CommandFormatException>(() => locks.Restore(new byte[] { 7, 7 }));
    }

    [Fact]
    public void ListLocksQuery_AnswersTotalsMatchesInNameOrderAndTheirLeases()
    {
        var locks = new LockStateMachine(3, new LockTableOptions());
        var a = Apply(locks, 1_000, new OpenLeaseCommand("A", 10_000)).LeaseId;
        var b = Apply(locks, 2_000, new OpenLeaseCommand("B", 20_000)).LeaseId;
        Apply(locks, 2_000, new OpenLeaseCommand("idle", 20_000));
        Apply(locks, 2_000, new AcquireCommand("orders/2", a, LockMode.Exclusive, 0));
        Apply(locks, 2_000, new AcquireCommand("orders/1", a, LockMode.Shared, 0));
        Apply(locks, 2_000, new AcquireCommand("orders/2", b, LockMode.Exclusive, 5_000));
        Apply(locks, 2_000, new AcquireCommand("users/9", b, LockMode.Exclusive, 0));

        var listing = LockWireCodec.DecodeListing(locks.Query(LockWireCodec.EncodeListLocksQuery("orders/", 1)).Span);
        var all = LockWireCodec.DecodeListing(locks.Query(LockWireCodec.EncodeListLocksQuery("orders/", 10)).Span);

        Assert.Equal((3, 3, 2_000L), (listing.LockCount, listing.LeaseCount, listing.NowMs));
        Assert.True(listing.Truncated);
        Assert.Equal("orders/1", Assert.Single(listing.Locks).Name);
        Assert.False(all.Truncated);
        Assert.Equal(["orders/1", "orders/2"], all.Locks.Select(l => l.Name));
        Assert.Equal(b, Assert.Single(all.Locks[1].Waiters).LeaseId);
        Assert.Equal([(a, "A", 11_000L), (b, "B", 22_000L)], all.Leases.Select(l => (l.LeaseId, l.Owner, l.ExpiresAtMs)));
    }

    private LockResult Apply(LockStateMachine machine, long timestampMs, LockCommand command) =>
        LockWireCodec.DecodeResult(machine.Apply(++_index, timestampMs, LockCommandCodec.Encode(command)).Span);

    private ulong Register(SessionStateMachine sessions, long timestampMs) =>
        SessionResultCodec.Decode(sessions.Apply(++_index, SessionCommandCodec.Encode(SessionCommand.Register(timestampMs))).Span).SessionId;

    private SessionResult Command(SessionStateMachine sessions, ulong session, ulong sequence, long timestampMs, LockCommand command) =>
        SessionResultCodec.Decode(sessions.Apply(
            ++_index,
            SessionCommandCodec.Encode(SessionCommand.Command(session, sequence, timestampMs, LockCommandCodec.Encode(command)))).Span);

    private static LockResult Inner(SessionResult result)
    {
        Assert.Equal(SessionResultStatus.Ok, result.Status);
        return LockWireCodec.DecodeResult(result.Payload.Span);
    }
}
