using FsCheck;
using FsCheck.Fluent;
using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Raft.Wire;

namespace OrleansSync.Grains.Tests.Raft.Wire;

public sealed class RaftMessageCodecTests
{
    private static readonly ClusterConfiguration Configuration = new([1, 2, 3], [4]);

    public static TheoryData<string, RaftMessage> Messages() => new()
    {
        { "vote", new RequestVote(1, 2, 7, 100, 6, IsPreVote: true, IsLeadershipTransfer: false) },
        { "transfer vote", new RequestVote(1, 2, 7, 100, 6, IsPreVote: false, IsLeadershipTransfer: true) },
        { "vote response", new RequestVoteResponse(2, 1, 7, IsPreVote: false, Granted: true) },
        { "append", new AppendEntries(1, 3, 9, 41, 8, [Entry(42, 9, LogEntryKind.Command, 1, 2, 3), Entry(43, 9, LogEntryKind.NoOp), Entry(44, 9, LogEntryKind.Configuration, ClusterConfigurationCodec.Encode(Configuration))], 40) },
        { "probe", new AppendEntries(1, 3, 9, 41, 8, [], 40) },
        { "append response", new AppendEntriesResponse(3, 1, 9, Success: false, 0, 41, 30, 7) },
        { "heartbeat", new Heartbeat(1, 2, 9, 40, 12) },
        { "heartbeat response", new HeartbeatResponse(2, 1, 9, 12) },
        { "snapshot chunk", new InstallSnapshot(1, 4, 9, 500, 8, Configuration, 10, 4, new byte[] { 5, 6, 7 }) },
        { "snapshot response", new InstallSnapshotResponse(4, 1, 9, 500, 8, 7) },
        { "read request", new ReadIndexRequest(2, 1, 9, new byte[] { 9, 9 }) },
        { "read response", new ReadIndexResponse(1, 2, 9, new byte[] { 9, 9 }, 77) },
        { "timeout now", new TimeoutNow(1, 2, 9) },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Decode_OfEncode_GivesTheSameMessage(string name, RaftMessage message)
    {
        var bytes = RaftMessageCodec.Encode(message);
        var decoded = RaftMessageCodec.Decode(bytes);

        Assert.Equal(message.GetType(), decoded.GetType());
        Assert.Equal((message.From, message.To, message.Term), (decoded.From, decoded.To, decoded.Term));
        Assert.True(bytes.AsSpan().SequenceEqual(RaftMessageCodec.Encode(decoded)), $"{name}: re-encoding differs");
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Decode_TruncatedAtEveryByte_IsAFormatError(string name, RaftMessage message)
    {
        var bytes = RaftMessageCodec.Encode(message);
        for (var length = 0; length < bytes.Length; length++)
        {
            var exception = Assert.Throws<CommandFormatException>(() => RaftMessageCodec.Decode(bytes.AsSpan(0, length)));
            Assert.Contains("raft message", exception.Message, StringComparison.Ordinal);
        }

        Assert.NotEmpty(name);
    }

    [Fact]
    public void Decode_AppendEntries_KeepsEntriesExactly()
    {
        var message = new AppendEntries(1, 2, 5, 10, 4, [Entry(11, 5, LogEntryKind.Command, 42), Entry(12, 5, LogEntryKind.NoOp)], 9);

        var decoded = Assert.IsType<AppendEntries>(RaftMessageCodec.Decode(RaftMessageCodec.Encode(message)));

        Assert.Equal((10UL, 4UL, 9UL), (decoded.PrevLogIndex, decoded.PrevLogTerm, decoded.LeaderCommit));
        Assert.Equal([11UL, 12UL], decoded.Entries.Select(e => e.Index));
        Assert.Equal([LogEntryKind.Command, LogEntryKind.NoOp], decoded.Entries.Select(e => e.Kind));
        Assert.Equal([42], decoded.Entries[0].Data.ToArray());
    }

    [Fact]
    public void Decode_InstallSnapshot_KeepsConfigurationAndChunk()
    {
        var message = new InstallSnapshot(1, 4, 9, 500, 8, Configuration, 10, 4, new byte[] { 5, 6, 7 });

        var decoded = Assert.IsType<InstallSnapshot>(RaftMessageCodec.Decode(RaftMessageCodec.Encode(message)));

        Assert.Equal(Configuration, decoded.Configuration);
        Assert.Equal([5, 6, 7], decoded.Chunk.ToArray());
        Assert.Equal((10, 4), (decoded.TotalSizeBytes, decoded.Offset));
    }

    [Fact]
    public void Decode_UnknownVersionKindOrTrailingBytes_IsAFormatError()
    {
        var bytes = RaftMessageCodec.Encode(new TimeoutNow(1, 2, 3));

        Assert.Throws<CommandFormatException>(() => RaftMessageCodec.Decode([9, .. bytes[1..]]));
        Assert.Throws<CommandFormatException>(() => RaftMessageCodec.Decode([bytes[0], 99, .. bytes[2..]]));
        Assert.Throws<CommandFormatException>(() => RaftMessageCodec.Decode([.. bytes, 0]));
    }

    [Fact]
    public void Decode_ChunkRunningPastTotal_IsAFormatError()
    {
        var bytes = RaftMessageCodec.Encode(new InstallSnapshot(1, 4, 9, 500, 8, Configuration, 10, 8, new byte[] { 5, 6 }));
        bytes[^10] = 9; // offset 8 -> 9: 9 + 2 > 10

        Assert.Throws<CommandFormatException>(() => RaftMessageCodec.Decode(bytes));
    }

    [Fact]
    public void Batch_RoundTrips_AndRejectsTruncation()
    {
        RaftMessage[] messages = [new TimeoutNow(1, 2, 3), new Heartbeat(1, 2, 3, 4, 5), new HeartbeatResponse(2, 1, 3, 5)];

        var bytes = RaftMessageCodec.EncodeBatch(messages);
        var decoded = RaftMessageCodec.DecodeBatch(bytes);

        Assert.Equal(messages, decoded); // these records hold no collections, so record equality is exact
        Assert.Throws<CommandFormatException>(() => RaftMessageCodec.DecodeBatch(bytes.AsSpan(0, bytes.Length - 1)));
    }

    [Fact]
    public void Decode_RandomBytes_OnlyEverRaisesTheFormatError()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            try
            {
                RaftMessageCodec.Decode(bytes);
                RaftMessageCodec.DecodeBatch(bytes);
            }
            catch (CommandFormatException)
            {
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1_000));
    }

    private static LogEntry Entry(ulong index, ulong term, LogEntryKind kind, params byte[] data) => new(index, term, kind, data);
}
