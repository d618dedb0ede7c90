using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Tests.Service;

public sealed class ServiceStateMachineTests
{
    [Fact]
    public void Apply_RoutesEachCommandToItsPrimitive_WithThatPrimitivesResult()
    {
        var machine = NewMachine();

        var lease = Lock(machine, 1, 100, new OpenLeaseCommand("client-a", 10_000));
        var created = Queue(machine, 2, 100, new CreateQueueCommand("q", new QueueOptions()));
        var sent = Queue(machine, 3, 100, new SendCommand("q", 0, [new OutgoingMessage([7], [], 0, null)]));

        Assert.Equal(LockResultStatus.Ok, lease.Status);
        Assert.Equal(QueueResultStatus.Ok, created.Status);
        Assert.Equal(QueueResultStatus.Ok, sent.Status);
        Assert.Equal(1UL, machine.Locks.Table.LastAppliedIndex);
        Assert.Equal(3UL, machine.Queues.Table.LastAppliedIndex);
        Assert.Equal(1L, machine.Queues.Table.GetStats("q", 0)!.Visible);
    }

    [Fact]
    public void Apply_OfNoKnownService_AnswersEmpty_AndCountsAsApplied()
    {
        var machine = NewMachine();

        Assert.True(machine.Apply(1, 0, new byte[] { 99, 1, 2 }).IsEmpty);
        Assert.True(machine.Apply(2, 0, ReadOnlyMemory<byte>.Empty).IsEmpty);
        Assert.False(machine.MayNotify(2)); // applied, and no primitive waits on it
    }

    [Fact]
    public void MayNotify_IsFalse_ForAnAppliedCommandOfAnotherPrimitive_ThatStartedNoWait()
    {
        var machine = NewMachine();
        Queue(machine, 1, 0, new CreateQueueCommand("q", new QueueOptions()));
        var wait = Queue(machine, 2, 0, new ReceiveCommand("q", 0, 1, 0, 5_000));
        Lock(machine, 3, 0, new OpenLeaseCommand("client-a", 10_000));

        Assert.Equal(QueueResultStatus.Waiting, wait.Status);
        Assert.True(machine.MayNotify(2)); // the receive waits
        Assert.False(machine.MayNotify(3)); // the lease opened at once: nothing will come
        Assert.True(machine.MayNotify(4)); // not applied yet

        Queue(machine, 4, 10, new SendCommand("q", 0, [new OutgoingMessage([1], [], 0, null)]));
        var notification = Assert.Single(machine.TakeNotifications());

        Assert.Equal(2UL, notification.Key);
        Assert.False(machine.MayNotify(2));
    }

    [Fact]
    public void NextDeadline_IsTheEarliestOfThePrimitives_AndExpireRunsOnlyWhatIsDue()
    {
        var machine = NewMachine();
        Lock(machine, 1, 0, new OpenLeaseCommand("client-a", 10_000));
        Queue(machine, 2, 0, new CreateQueueCommand("q", new QueueOptions()));
        Queue(machine, 3, 0, new ReceiveCommand("q", 0, 1, 0, 5_000));

        Assert.Equal(5_000, machine.NextDeadlineMs);
        machine.Expire(4, 5_000);

        Assert.Equal(3UL, Assert.Single(machine.TakeNotifications()).Key); // the receive at 3 timed out
        Assert.Equal(1UL, machine.Locks.Table.LastAppliedIndex); // the lease was not due: locks untouched
        Assert.Equal(10_000, machine.NextDeadlineMs);
    }

    [Fact]
    public void Snapshot_RestoresEveryPrimitive_ToEqualBytes()
    {
        var machine = NewMachine();
        Lock(machine, 1, 0, new OpenLeaseCommand("client-a", 10_000));
        Queue(machine, 2, 0, new CreateQueueCommand("q", new QueueOptions()));
        Queue(machine, 3, 0, new SendCommand("q", 1, [new OutgoingMessage([1, 2, 3], [], 0, "dedup-1")]));
        var snapshot = machine.Snapshot();

        var restored = NewMachine();
        restored.Restore(snapshot);

        Assert.Equal(snapshot, restored.Snapshot());
        Assert.Equal(1L, restored.Queues.Table.GetStats("q", 1)!.Visible);
        Assert.False(restored.MayNotify(3));
    }

    [Fact]
    public void Restore_OfAMalformedSnapshot_Throws()
    {
        var machine = NewMachine();

        Assert.Throws<CommandFormatException>(() => machine.Restore(new byte[] { 9 }));
        Assert.Throws<CommandFormatException>(() => machine.Restore(new byte[] { 1, 0, 0 }));
    }

    [Fact]
    public void Query_GoesToThePrimitiveItNames()
    {
        var machine = NewMachine();
        Queue(machine, 1, 0, new CreateQueueCommand("q", new QueueOptions { Partitions = 4 }));

        var options = QueueWireCodec.DecodeOptions(machine.Query(ServiceEnvelope.Wrap(ServiceKind.Queues, QueueWireCodec.EncodeOptionsQuery("q"))).Span);
        var token = machine.Query(ServiceEnvelope.Wrap(ServiceKind.Locks, LockWireCodec.EncodeLastFencingTokenQuery("free")));

        Assert.Equal(4, options!.Partitions);
        Assert.Equal(0UL, LockWireCodec.DecodeLastFencingToken(token.Span));
        Assert.Throws<CommandFormatException>(() => machine.Query(new byte[] { 42 }));
    }

    [Fact]
    public void Factory_GivesEveryGroupAFreshMachine()
    {
        var factory = new ServiceStateMachineFactory();

        Assert.NotSame(factory.Create(1), factory.Create(1));
        Assert.IsType<ServiceStateMachine>(factory.Create(2));
    }

    private static ServiceStateMachine NewMachine() => new(0, new ServiceStateMachineOptions());

    private static LockResult Lock(ServiceStateMachine machine, ulong index, long timeMs, LockCommand command) =>
        LockWireCodec.DecodeResult(machine.Apply(index, timeMs, ServiceEnvelope.Wrap(ServiceKind.Locks, LockCommandCodec.Encode(command))).Span);

    private static QueueResult Queue(ServiceStateMachine machine, ulong index, long timeMs, QueueCommand command) =>
        QueueWireCodec.DecodeResult(machine.Apply(index, timeMs, ServiceEnvelope.Wrap(ServiceKind.Queues, QueueCommandCodec.Encode(command))).Span);
}
