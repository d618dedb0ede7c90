using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Queues;

public sealed class QueueCommandCodecTests
{
    public static TheoryData<QueueCommand> Commands() =>
    [
        new CreateQueueCommand("q", new QueueOptions()),
        new CreateQueueCommand("q", new QueueOptions { Partitions = 3, DeadLetterQueue = "dead", DedupWindowMs = 0 }),
        new DeleteQueueCommand("q"),
        new ReceiveCommand("q", 2, 10, 1_000, 20_000),
        new AckCommand("q", new QueueReceipt(1, 2, 3, 4)),
        new NackCommand("q", new QueueReceipt(1, 2, 3, 4), 500),
        new ExtendCommand("q", new QueueReceipt(1, 2, 3, 4), 60_000),
        new PurgeCommand("q", 1, true),
        new RedriveCommand("q", 1, 100),
        new QueueExpireCommand(),
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void EncodeDecode_RoundTrips(QueueCommand command) =>
        Assert.Equal(command, QueueCommandCodec.Decode(QueueCommandCodec.Encode(command)));

    [Fact]
    public void AckBatch_RoundTrips_ReceiptsInOrder()
    {
        var batch = new AckBatchCommand("q", 3, [new QueueReceipt(3, 9, 1, 40), new QueueReceipt(3, 2, 5, 41)]);

        var decoded = Assert.IsType<AckBatchCommand>(QueueCommandCodec.Decode(QueueCommandCodec.Encode(batch)));

        Assert.Equal((batch.Queue, batch.Partition), (decoded.Queue, decoded.Partition));
        Assert.Equal(batch.Receipts, decoded.Receipts);
    }

    [Fact]
    public void Result_Outcomes_RoundTrip_AndOtherResultsKeepTheirBytes()
    {
        var batch = new QueueResult { Status = QueueResultStatus.Ok, Outcomes = [QueueErrorCode.None, QueueErrorCode.ReceiptStale] };
        var plain = QueueResult.Ok();

        Assert.Equal(batch.Outcomes, QueueWireCodec.DecodeResult(QueueWireCodec.EncodeResult(batch)).Outcomes);
        Assert.Empty(QueueWireCodec.DecodeResult(QueueWireCodec.EncodeResult(plain)).Outcomes);
        Assert.Equal(QueueWireCodec.EncodeResult(plain).Length + 4, QueueWireCodec.EncodeResult(batch).Length);
    }

    [Fact]
    public void Result_UnknownOutcomeCode_Throws()
    {
        var bytes = QueueWireCodec.EncodeResult(new QueueResult { Status = QueueResultStatus.Ok, Outcomes = [QueueErrorCode.None] });
        bytes[^1] = 200;

        Assert.Throws<CommandFormatException>(() => QueueWireCodec.DecodeResult(bytes));
    }

    [Fact]
    public void Send_RoundTrips_BodiesAttributesDelayDedup()
    {
        var send = new SendCommand("q", 5, [new OutgoingMessage([1, 2, 3], [new("k", "v"), new("é", "ü")], 250, "dedup"), new OutgoingMessage([], [], 0, null)]);

        var decoded = Assert.IsType<SendCommand>(QueueCommandCodec.Decode(QueueCommandCodec.Encode(send)));

        Assert.Equal((send.Queue, send.Partition, 2), (decoded.Queue, decoded.Partition, decoded.Messages.Count));
        Assert.Equal(send.Messages[0].Body, decoded.Messages[0].Body);
        Assert.Equal(send.Messages[0].Attributes, decoded.Messages[0].Attributes);
        Assert.Equal((250L, "dedup"), (decoded.Messages[0].DelayMs, decoded.Messages[0].DedupId));
        Assert.Null(decoded.Messages[1].DedupId);
    }

    [Fact]
    public void Decode_RejectsVersionKindTruncationTrailingAndBadFlags()
    {
        var valid = QueueCommandCodec.Encode(new PurgeCommand("q", 1, true));
        var badVersion = (byte[])valid.Clone();
        badVersion[0] = 9;
        var badKind = (byte[])valid.Clone();
        badKind[1] = 99;
        var badFlag = (byte[])valid.Clone();
        badFlag[^1] = 2;

        Assert.Throws<CommandFormatException>(() => QueueCommandCodec.Decode(badVersion));
        Assert.Throws<CommandFormatException>(() => QueueCommandCodec.Decode(badKind));
        Assert.Throws<CommandFormatException>(() => QueueCommandCodec.Decode(badFlag));
        Assert.Throws<CommandFormatException>(() => QueueCommandCodec.Decode(valid[..^1]));
        Assert.Throws<CommandFormatException>(() => QueueCommandCodec.Decode([.. valid, 0]));
        Assert.Throws<CommandFormatException>(() => QueueCommandCodec.Decode([]));
    }

    [Fact]
    public void Encode_RejectsNegativeIntsLoneSurrogatesAndTooManyAttributes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QueueCommandCodec.Encode(new ReceiveCommand("q", -1, 1, 0, 0)));
        Assert.Throws<ArgumentException>(() => QueueCommandCodec.Encode(new DeleteQueueCommand("\ud800")));
        Assert.Throws<ArgumentException>(() => QueueCommandCodec.Encode(new SendCommand(
            "q", 0, [new OutgoingMessage([], [.. Enumerable.Range(0, QueueCommandCodec.MaxAttributes + 1).Select(i => new KeyValuePair<string, string>($"k{i}", "v"))], 0, null)])));
    }

    [Fact]
    public void Receipt_TextForm_RoundTrips_RejectsGarbage()
    {
        var receipt = new QueueReceipt(7, 123456789, 3, 42);

        Assert.True(QueueReceipt.TryParse(receipt.ToString(), out var parsed));
        Assert.Equal(receipt, parsed);
        Assert.Equal("7.123456789.3.42", receipt.ToString());
        Assert.False(QueueReceipt.TryParse("7.1.2", out _));
        Assert.False(QueueReceipt.TryParse("-7.1.2.3", out _));
        Assert.False(QueueReceipt.TryParse(null, out _));
    }

    [Fact]
    public void Result_RoundTrips_WithMessagesAndSent()
    {
        var result = new QueueResult
        {
            Status = QueueResultStatus.Ok,
            Sent = [new SentMessage(5, 1, true)],
            Messages = [new DeliveredMessage(5, 1, [9], [new("a", "b")], 2, new QueueReceipt(1, 5, 2, 77), 100, 200)],
            Count = 3,
            VisibleUntilMs = 9,
            WaitId = 4,
            Detail = "x",
        };

        var decoded = QueueWireCodec.DecodeResult(QueueWireCodec.EncodeResult(result));

        Assert.Equal(QueueWireCodec.EncodeResult(result), QueueWireCodec.EncodeResult(decoded));
        Assert.Equal(result.Messages[0].Receipt, decoded.Messages[0].Receipt);
        Assert.Equal(result.Sent, decoded.Sent);
    }

    [Fact]
    public void StatsOptionsAndWaitEvents_RoundTrip()
    {
        var stats = new QueueStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        var options = new QueueOptions { Partitions = 2 }.Resolve("q");
        var waitEvent = new QueueWaitEvent(12, QueueWaitEndReason.TimedOut);

        Assert.Equal(stats, QueueWireCodec.DecodeStats(QueueWireCodec.EncodeStats(stats)));
        Assert.Null(QueueWireCodec.DecodeStats(QueueWireCodec.EncodeStats(null)));
        Assert.Equal(options, QueueWireCodec.DecodeOptions(QueueWireCodec.EncodeOptions(options)));
        Assert.Equal(waitEvent, QueueWireCodec.DecodeWaitEvent(QueueWireCodec.EncodeWaitEvent(waitEvent)));
        Assert.Throws<CommandFormatException>(() => QueueWireCodec.DecodeWaitEvent([1, 0, 0, 0, 0, 0, 0, 0, 9]));
    }
}
