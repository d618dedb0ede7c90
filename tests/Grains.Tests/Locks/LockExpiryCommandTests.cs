using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Locks;

/// <summary>The sessionless Expire command the leader proposes, and the deadline it is proposed for.</summary>
public sealed class LockExpiryCommandTests
{
    private ulong _index;

    [Fact]
    public void NextDeadline_IsTheEarliestLeaseOrWaitDeadline()
    {
        var locks = new LockStateMachine(1, new LockTableOptions());
        var sessions = new SessionStateMachine(locks);
        var session = Register(sessions, 1_000);
        Assert.Null(sessions.NextDeadlineMs);

        var holder = Inner(Command(sessions, session, 1, 1_000, new OpenLeaseCommand("A", 10_000))).LeaseId;
        var waiter = Inner(Command(sessions, session, 2, 1_000, new OpenLeaseCommand("B", 20_000))).LeaseId;
        Inner(Command(sessions, session, 3, 1_000, new AcquireCommand("x", holder, LockMode.Exclusive, 0)));
        Inner(Command(sessions, session, 4, 1_000, new AcquireCommand("x", waiter, LockMode.Exclusive, 3_000)));

        Assert.Equal(4_000, sessions.NextDeadlineMs); // the wait (1,000 + 3,000) before the first lease (11,000)
    }

    [Fact]
    public void Expire_WithoutAnySession_FreesAnExpiredLeasesLocks_AndGrantsTheWaiter()
    {
        var locks = new LockStateMachine(1, new LockTableOptions());
        var sessions = new SessionStateMachine(locks);
        var session = Register(sessions, 1_000);
        var holder = Inner(Command(sessions, session, 1, 1_000, new OpenLeaseCommand("A", 2_000))).LeaseId;
        var waiter = Inner(Command(sessions, session, 2, 1_000, new OpenLeaseCommand("B", 60_000))).LeaseId;
        Inner(Command(sessions, session, 3, 1_000, new AcquireCommand("x", holder, LockMode.Exclusive, 0)));
        var queued = Inner(Command(sessions, session, 4, 1_000, new AcquireCommand("x", waiter, LockMode.Exclusive, 30_000)));
        locks.TakeEvents();

        var early = SessionResultCodec.Decode(sessions.Apply(++_index, SessionCommandCodec.Encode(SessionCommand.Expire(2_999))).Span);
        var stillHeld = locks.Table.GetLock("x")!.Holders.Single().LeaseId;
        sessions.Apply(++_index, SessionCommandCodec.Encode(SessionCommand.Expire(3_000)));
        var events = locks.TakeEvents();

        Assert.Equal(SessionResultStatus.Ok, early.Status);
        Assert.Equal(holder, stillHeld);
        Assert.Equal(waiter, Assert.Single(locks.Table.GetLock("x")!.Holders).LeaseId);
        Assert.Contains(events, e => e.Kind == LockEventKind.LeaseExpired && e.LeaseId == holder);
        Assert.Contains(events, e => e.Kind == LockEventKind.Granted && e.WaitId == queued.WaitId);
        Assert.Equal(61_000, sessions.NextDeadlineMs); // only the waiter's lease is left
    }

    [Fact]
    public void ExpireCodec_RefusesASessionIdOrAPayload()
    {
        var roundTrip = SessionCommandCodec.Decode(SessionCommandCodec.Encode(SessionCommand.Expire(5)));

        Assert.Equal((SessionCommandKind.Expire, 0UL, 0UL, 5L), (roundTrip.Kind, roundTrip.SessionId, roundTrip.Sequence, roundTrip.TimestampMs));
        Assert.Throws<ArgumentException>(() => SessionCommandCodec.Encode(new SessionCommand(SessionCommandKind.Expire, 3, 0, 0, Array.Empty<byte>())));
        Assert.Throws<ArgumentException>(() => SessionCommandCodec.Encode(new SessionCommand(SessionCommandKind.Expire, 0, 0, 0, new byte[] { 1 })));
    }

    private ulong Register(SessionStateMachine sessions, long timestampMs) =>
        SessionResultCodec.Decode(sessions.Apply(++_index, SessionCommandCodec.Encode(SessionCommand.Register(timestampMs))).Span).SessionId;

    private SessionResult Command(SessionStateMachine sessions, ulong session, ulong sequence, long timestampMs, LockCommand command) =>
        SessionResultCodec.Decode(sessions.Apply(++_index, SessionCommandCodec.Encode(
            SessionCommand.Command(session, sequence, timestampMs, LockCommandCodec.Encode(command)))).Span);

    private static LockResult Inner(SessionResult result) => LockWireCodec.DecodeResult(result.Payload.Span);
}
