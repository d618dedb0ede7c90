using FsCheck;
using FsCheck.Fluent;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Queues;

/// <summary>
/// Random command sequences against the queue table. FsCheck prints the replay seed of any failing
/// case ("Falsifiable, after N tests (...)") and shrinks it to a short sequence.
/// </summary>
public sealed class QueueTablePropertyTests
{
    private const string Queue = QueueTableDriver.Queue;

    private static readonly QueueOptions Options = new() { Partitions = 2, MaxDeliveries = 2, VisibilityTimeoutMs = 500, DedupWindowMs = 400 };

    private static Arbitrary<int[]> Sequences => Gen.Choose(0, int.MaxValue).ArrayOf().Select(values => values.Take(150).ToArray()).ToArbitrary();

    [Fact]
    public void RandomCommands_MatchReferenceModel() =>
        Prop.ForAll(Sequences, RunAgainstModel).Check(Config.QuickThrowOnFailure.WithMaxTest(300));

    [Fact]
    public void RandomCommands_SnapshotRoundTrip_SameBytesAndSameBehaviour() =>
        Prop.ForAll(Sequences, RunSnapshotRoundTrip).Check(Config.QuickThrowOnFailure.WithMaxTest(200));

    [Fact]
    public void RandomCommands_CodecRoundTrips() =>
        Prop.ForAll(Sequences, encoded =>
        {
            foreach (var (_, _, command, _) in Run(encoded))
            {
                var bytes = QueueCommandCodec.Encode(command);
                Assert.Equal(bytes, QueueCommandCodec.Encode(QueueCommandCodec.Decode(bytes)));
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));

    [Fact]
    public void Apply_RandomAndMutatedBytes_NeverThrows_AnswersDecode()
    {
        var bytes = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Select(a => a.Take(64).ToArray());
        var cases = Gen.Zip(bytes, Gen.Choose(0, int.MaxValue)).ToArbitrary();
        Prop.ForAll(cases, input =>
        {
            var (random, mutation) = input;
            var machine = new QueueStateMachine(new QueueTableOptions());
            ulong index = 0;
            var valid = QueueCommandCodec.Encode(new SendCommand(Queue, 1, [new OutgoingMessage([1, 2], [new("k", "v")], 0, "d")]));
            var mutated = (byte[])valid.Clone();
            mutated[mutation % mutated.Length] ^= (byte)(1 + (mutation >> 8) % 255);
            foreach (var command in new[] { QueueCommandCodec.Encode(new CreateQueueCommand(Queue, Options)), random, mutated, valid, [.. valid, .. random] })
            {
                var result = QueueWireCodec.DecodeResult(machine.Apply(++index, (long)index * 10, command).Span);
                Assert.True(result.Status is QueueResultStatus.Ok or QueueResultStatus.Waiting or QueueResultStatus.Failed);
            }

            Assert.Equal(5UL, machine.Table.LastAppliedIndex);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Restore_RandomBytes_ThrowsFormatExceptionOnly()
    {
        var bytes = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Select(a => a.Take(200).ToArray()).ToArbitrary();
        Prop.ForAll(bytes, snapshot =>
        {
            var table = new QueueTable(new QueueTableOptions());
            try
            {
                table.Restore(snapshot);
            }
            catch (CommandFormatException)
            {
                Assert.Equal(0, table.QueueCount);
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    private static bool RunAgainstModel(int[] encoded)
    {
        var model = new QueueReferenceModel(Options.Resolve(Queue));
        foreach (var (index, timeMs, command, result) in Run(encoded))
        {
            model.Tick(timeMs);
            CheckAgainstModel(model, index, command, result);
        }

        return true;
    }

    private static void CheckAgainstModel(QueueReferenceModel model, ulong index, QueueCommand command, QueueResult result)
    {
        switch (command)
        {
            case SendCommand send:
                var message = send.Messages[0];
                Assert.Equal(model.Send(send.Partition, message.DedupId, message.DelayMs), Assert.Single(result.Sent));
                break;
            case ReceiveCommand receive:
                var expected = model.Receive(index, receive.Partition, receive.MaxMessages, receive.VisibilityTimeoutMs);
                Assert.Equal(expected, result.Messages.Select(m => (m.MessageId, m.DeliveryCount, m.Receipt)));
                break;
            case AckCommand ack:
                Assert.Equal(model.Settle(ack.Receipt, "ack", 0), result.Status == QueueResultStatus.Ok);
                break;
            case AckBatchCommand batch:
                // Each receipt as its own ack, in order: a stale one (or a repeat within the batch) costs only itself.
                var outcomes = batch.Receipts.Select(r => model.Settle(r, "ack", 0) ? QueueErrorCode.None : QueueErrorCode.ReceiptStale).ToArray();
                Assert.Equal(outcomes, result.Outcomes);
                break;
            case NackCommand nack:
                Assert.Equal(model.Settle(nack.Receipt, "nack", nack.DelayMs), result.Status == QueueResultStatus.Ok);
                break;
            case ExtendCommand extend:
                Assert.Equal(model.Settle(extend.Receipt, "extend", extend.VisibilityTimeoutMs), result.Status == QueueResultStatus.Ok);
                break;
            case RedriveCommand redrive:
                Assert.Equal(model.Redrive(redrive.Partition), result.Count);
                break;
            case PurgeCommand purge:
                Assert.Equal(model.Purge(purge.Partition), result.Count);
                break;
        }

        Assert.True(result.Status != QueueResultStatus.Failed || result.Error == QueueErrorCode.ReceiptStale, $"{command} failed: {result.Detail}");
    }

    private static bool RunSnapshotRoundTrip(int[] encoded)
    {
        var steps = Run(encoded, out var table, snapshotAfter: encoded.Length / 2, out var midSnapshot);
        var restored = new QueueTable(new QueueTableOptions());
        restored.Restore(midSnapshot);
        Assert.Equal(midSnapshot, restored.Snapshot());
        foreach (var (index, timeMs, command, result) in steps.Where(s => s.Index > restored.LastAppliedIndex))
        {
            var replayed = restored.Apply(index, timeMs, command);
            Assert.Equal(QueueWireCodec.EncodeResult(result), QueueWireCodec.EncodeResult(replayed));
            Assert.Equal(result.Events, replayed.Events);
        }

        Assert.Equal(table.Snapshot(), restored.Snapshot());
        Assert.Equal(table.NextDeadlineMs, restored.NextDeadlineMs);
        return true;
    }

    private static List<(ulong Index, long TimeMs, QueueCommand Command, QueueResult Result)> Run(int[] encoded) =>
        Run(encoded, out _, snapshotAfter: -1, out _);

    /// <summary>Decodes each int into a command over one queue of two partitions and applies it; receipts come from earlier deliveries, stale ones included.</summary>
    private static List<(ulong Index, long TimeMs, QueueCommand Command, QueueResult Result)> Run(
        int[] encoded, out QueueTable table, int snapshotAfter, out byte[] snapshot)
    {
        var driver = new QueueTableDriver();
        driver.Create(Options);
        var receipts = new List<QueueReceipt>();
        var steps = new List<(ulong, long, QueueCommand, QueueResult)>();
        snapshot = driver.Table.Snapshot();
        for (var i = 0; i < encoded.Length; i++)
        {
            var value = encoded[i];
            driver.NowMs += (value >> 12) % 3 * 50;
            var command = Decode(value, receipts);
            var result = driver.Apply(command);
            receipts.AddRange(result.Messages.Select(m => m.Receipt));
            steps.Add((driver.Index, driver.NowMs, command, result));
            if (i == snapshotAfter)
            {
                snapshot = driver.Table.Snapshot();
            }
        }

        table = driver.Table;
        return steps;
    }

    private static QueueCommand Decode(int value, List<QueueReceipt> receipts)
    {
        var partition = (value >> 4) % 2;
        var receipt = receipts.Count == 0 ? new QueueReceipt(partition, 1, 1, 1) : receipts[(value >> 5) % receipts.Count];
        return (value % 10) switch
        {
            0 or 1 => new SendCommand(
                Queue, partition, [new OutgoingMessage([(byte)value], [], (value >> 9) % 4 == 0 ? 200 : 0, (value >> 5) % 4 == 0 ? "d" + (value >> 7) % 3 : null)]),
            2 or 3 => new ReceiveCommand(Queue, partition, 1 + (value >> 5) % 3, (value >> 7) % 2 == 0 ? 0 : 300, 0),
            4 => (value >> 8) % 2 == 0 ? new AckCommand(Queue, receipt) : AckBatch(value, partition, receipts),
            5 => new NackCommand(Queue, receipt, (value >> 8) % 2 * 100),
            6 => new ExtendCommand(Queue, receipt, 200),
            7 => new QueueExpireCommand(),
            8 => (value >> 6) % 4 == 0 ? new RedriveCommand(Queue, partition, 100) : new ReceiveCommand(Queue, partition, 2, 0, 100),
            _ => (value >> 6) % 8 == 0 ? new PurgeCommand(Queue, partition, false) : new SendCommand(Queue, partition, [new OutgoingMessage([], [], 0, null)]),
        };
    }

    /// <summary>A batch ack of 1 to 4 receipts of <paramref name="partition"/> from earlier deliveries (fresh, stale and repeated alike).</summary>
    private static AckBatchCommand AckBatch(int value, int partition, List<QueueReceipt> receipts)
    {
        var own = receipts.Where(r => r.Partition == partition).ToArray();
        var count = 1 + (value >> 9) % 4;
        QueueReceipt[] chosen = own.Length == 0
            ? [new QueueReceipt(partition, 1, 1, 1)]
            : [.. Enumerable.Range(0, count).Select(k => own[((value >> 5) + (k * 7)) % own.Length])];
        return new AckBatchCommand(Queue, partition, chosen);
    }
}
