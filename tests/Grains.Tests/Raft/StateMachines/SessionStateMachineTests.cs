using Microsoft.Extensions.Options;
using OrleansSync.Grains.Raft.StateMachines;
using static OrleansSync.Grains.Tests.Raft.StateMachines.SessionHarness;

namespace OrleansSync.Grains.Tests.Raft.StateMachines;

public sealed class SessionStateMachineTests
{
    private static readonly SessionStateMachineOptions SmallTable = new() { MaxSessions = 2, SessionTimeoutMs = 1_000 };

    [Fact]
    public void Register_ReturnsLogIndexAsSessionId()
    {
        var harness = new SessionHarness();
        harness.Submit(SessionCommand.Register(10));
        Assert.Equal(2UL, harness.Register(10));
        Assert.Equal(2, harness.Sessions.SessionCount);
    }

    [Fact]
    public void Command_NewSequence_AppliedOnceAndAnswered()
    {
        var harness = new SessionHarness();
        var session = harness.Register(0);

        var result = harness.Execute(session, 1, 5, KeyValueCommand.Append("k", "a"));

        Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok, "a"), Inner(result));
        Assert.Equal(1UL, result.Sequence);
        Assert.Equal(1, harness.KeyValue.AppliedCommandCount);
    }

    [Fact]
    public void Command_RetriedLastSequence_AnsweredFromStoredResultWithoutApplying()
    {
        var harness = new SessionHarness();
        var session = harness.Register(0);
        var first = harness.Execute(session, 1, 5, KeyValueCommand.Append("k", "a"));
        harness.Execute(harness.Register(6), 1, 6, KeyValueCommand.Append("k", "b"));

        var retry = harness.Execute(session, 1, 7, KeyValueCommand.Append("k", "a"));

        Assert.Equal(first.Payload.ToArray(), retry.Payload.ToArray());
        Assert.Equal("ab", harness.KeyValue.Read("k"));
        Assert.Equal(2, harness.KeyValue.AppliedCommandCount);
    }

    [Fact]
    public void Command_OlderSequence_RejectedAsStaleWithLastAnswered()
    {
        var harness = new SessionHarness();
        var session = harness.Register(0);
        harness.Execute(session, 1, 1, KeyValueCommand.Put("k", "1"));
        harness.Execute(session, 3, 2, KeyValueCommand.Put("k", "3"));

        var stale = harness.Execute(session, 2, 3, KeyValueCommand.Put("k", "2"));

        Assert.Equal(SessionResultStatus.StaleSequence, stale.Status);
        Assert.Equal(3UL, stale.Sequence);
        Assert.Equal("3", harness.KeyValue.Read("k"));
    }

    [Fact]
    public void Command_UnknownSession_NotFoundAndNotApplied()
    {
        var harness = new SessionHarness();
        var result = harness.Execute(42, 1, 0, KeyValueCommand.Put("k", "v"));
        Assert.Equal(SessionResultStatus.SessionNotFound, result.Status);
        Assert.Equal(0, harness.KeyValue.AppliedCommandCount);
    }

    [Fact]
    public void Session_IdleForTimeout_ExpiresAtTheCommittedTimestamp()
    {
        var harness = new SessionHarness(SmallTable);
        var idle = harness.Register(1_000);
        var busy = harness.Register(1_000);
        harness.Execute(busy, 1, 1_999, KeyValueCommand.Put("k", "v"));
        Assert.True(harness.Sessions.HasSession(idle));

        harness.Submit(SessionCommand.KeepAlive(busy, 2_000));

        Assert.False(harness.Sessions.HasSession(idle));
        Assert.True(harness.Sessions.HasSession(busy));
        Assert.Equal(SessionResultStatus.SessionNotFound, harness.Execute(idle, 1, 2_000, KeyValueCommand.Put("k", "x")).Status);
        Assert.Equal("v", harness.KeyValue.Read("k"));
    }

    [Fact]
    public void Session_LaggingLeaderTimestamp_DoesNotMoveCommittedTimeBack()
    {
        var harness = new SessionHarness(SmallTable);
        var session = harness.Register(5_000);
        harness.Submit(SessionCommand.KeepAlive(session, 1_000));
        Assert.Equal(5_000, harness.Sessions.CommittedTimeMs);

        harness.Submit(SessionCommand.Register(5_999));
        Assert.True(harness.Sessions.HasSession(session));
        harness.Submit(SessionCommand.KeepAlive(session, 6_000));
        Assert.False(harness.Sessions.HasSession(session));
    }

    [Fact]
    public void Register_TableFull_RefusedUntilASessionExpiresOrCloses()
    {
        var harness = new SessionHarness(SmallTable);
        var first = harness.Register(0);
        harness.Register(500);

        var refused = harness.Submit(SessionCommand.Register(600));
        Assert.Equal(SessionResultStatus.SessionTableFull, refused.Status);

        Assert.Equal(SessionResultStatus.Ok, harness.Submit(SessionCommand.Unregister(first, 700)).Status);
        harness.Register(800);
        Assert.Equal(SessionResultStatus.SessionTableFull, harness.Submit(SessionCommand.Register(900)).Status);
        harness.Register(1_500);
        Assert.Equal(2, harness.Sessions.SessionCount);
    }

    [Fact]
    public void Unregister_UnknownSession_NotFound()
    {
        var harness = new SessionHarness();
        Assert.Equal(SessionResultStatus.SessionNotFound, harness.Submit(SessionCommand.Unregister(9, 0)).Status);
        Assert.Equal(SessionResultStatus.SessionNotFound, harness.Submit(SessionCommand.KeepAlive(9, 0)).Status);
    }

    [Fact]
    public void Apply_MalformedEnvelope_AnswersMalformedAndChangesNothing()
    {
        var harness = new SessionHarness();
        harness.Register(100);
        var before = harness.Sessions.Snapshot();

        var result = SessionResultCodec.Decode(harness.ApplyRaw([1, 2, 3]).Span);

        Assert.Equal(SessionResultStatus.MalformedCommand, result.Status);
        Assert.Equal(before, harness.Sessions.Snapshot());
    }

    [Fact]
    public void Snapshot_RestoredReplica_AnswersRetryFromStoredResultAndMatchesBytes()
    {
        var original = new SessionHarness(SmallTable);
        var session = original.Register(0);
        var first = original.Execute(session, 1, 10, KeyValueCommand.Append("k", "a"));

        var restored = new SessionHarness(SmallTable);
        restored.Sessions.Restore(original.Sessions.Snapshot());

        Assert.Equal(original.Sessions.Snapshot(), restored.Sessions.Snapshot());
        var retry = restored.Execute(session, 1, 20, KeyValueCommand.Append("k", "a"));
        Assert.Equal(first.Payload.ToArray(), retry.Payload.ToArray());
        Assert.Equal("a", restored.KeyValue.Read("k"));
        Assert.Equal(20, restored.Sessions.CommittedTimeMs);
        restored.Submit(SessionCommand.KeepAlive(session, 1_019));
        Assert.True(restored.Sessions.HasSession(session));
        restored.Submit(SessionCommand.Register(2_019));
        Assert.False(restored.Sessions.HasSession(session));
    }

    [Fact]
    public void Restore_MalformedSnapshot_ThrowsTypedErrorAndKeepsState()
    {
        var harness = new SessionHarness();
        var session = harness.Register(0);
        var snapshot = harness.Sessions.Snapshot();

        Assert.Throws<CommandFormatException>(() => harness.Sessions.Restore(snapshot.AsMemory(0, snapshot.Length - 1)));
        Assert.Throws<CommandFormatException>(() => harness.Sessions.Restore(new byte[] { 9, 9, 9, 9, 1, 0 }));

        Assert.True(harness.Sessions.HasSession(session));
    }

    [Fact]
    public void Options_Invalid_Rejected()
    {
        var result = new SessionStateMachineOptionsValidator().Validate(null, new SessionStateMachineOptions { MaxSessions = 0, SessionTimeoutMs = 0 });
        Assert.Equal(2, result.Failures!.Count());
        Assert.Throws<OptionsValidationException>(() => new SessionStateMachine(new KeyValueStateMachine(), new SessionStateMachineOptions { MaxSessions = -1 }));
    }
}
