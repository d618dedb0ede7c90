using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Raft.Wire;

/// <summary>
/// The compact binary form of <see cref="RaftMessage"/>s between peers (the hot path does not go
/// through the general grain-argument serializer). Layout, little-endian:
/// <c>[u8 version=1][u8 kind][u64 from][u64 to][u64 term]</c> then the kind's fields in declaration
/// order; byte payloads are u32-length-prefixed; a batch is <c>[u32 count]</c> then each message
/// u32-length-prefixed. Decoding untrusted bytes checks every length against what remains and the
/// bounds below, and reports the first problem as a <see cref="CommandFormatException"/>.
/// </summary>
public static class RaftMessageCodec
{
    /// <summary>Largest byte payload in a message (entry data, snapshot chunk, read context).</summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    /// <summary>Most entries in one <see cref="AppendEntries"/>.</summary>
    public const int MaxEntriesPerMessage = 65_536;

    /// <summary>Most messages in one batch.</summary>
    public const int MaxMessagesPerBatch = 4_096;

    private const byte Version = 1;

    public static byte[] Encode(RaftMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var builder = new BinaryBuilder(64);
        Write(builder, message);
        return builder.ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not one encoded message.</exception>
    public static RaftMessage Decode(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "raft message");
        var message = Read(ref cursor);
        cursor.ExpectEnd();
        return message;
    }

    public static byte[] EncodeBatch(IReadOnlyCollection<RaftMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count > MaxMessagesPerBatch)
        {
            throw new ArgumentException($"A batch holds at most {MaxMessagesPerBatch} messages, not {messages.Count}.", nameof(messages));
        }

        var builder = new BinaryBuilder(128).UInt32((uint)messages.Count);
        foreach (var message in messages)
        {
            builder.Bytes32(Encode(message));
        }

        return builder.ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not an encoded batch.</exception>
    public static IReadOnlyList<RaftMessage> DecodeBatch(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "raft message batch");
        var count = cursor.ReadUInt32("count");
        if (count > MaxMessagesPerBatch)
        {
            throw cursor.Fail("count", $"{count} messages exceed the limit of {MaxMessagesPerBatch}");
        }

        var messages = new List<RaftMessage>((int)count);
        for (var i = 0; i < count; i++)
        {
            messages.Add(Decode(cursor.ReadBytes32("message", int.MaxValue)));
        }

        cursor.ExpectEnd();
        return messages;
    }

    private static void Write(BinaryBuilder builder, RaftMessage message)
    {
        builder.Byte(Version).Byte((byte)KindOf(message)).UInt64(message.From).UInt64(message.To).UInt64(message.Term);
        switch (message)
        {
            case RequestVote vote:
                builder.UInt64(vote.LastLogIndex).UInt64(vote.LastLogTerm).Byte(Flags(vote.IsPreVote, vote.IsLeadershipTransfer));
                break;
            case RequestVoteResponse response:
                builder.Byte(Flags(response.IsPreVote, response.Granted));
                break;
            case AppendEntries append:
                builder.UInt64(append.PrevLogIndex).UInt64(append.PrevLogTerm).UInt64(append.LeaderCommit).UInt32((uint)append.Entries.Count);
                foreach (var entry in append.Entries)
                {
                    builder.UInt64(entry.Index).UInt64(entry.Term).Byte((byte)entry.Kind).Bytes32(entry.Data.Span);
                }

                break;
            case AppendEntriesResponse response:
                builder.Byte(Flags(response.Success, false)).UInt64(response.MatchIndex).UInt64(response.RejectedPrevLogIndex)
                    .UInt64(response.ConflictIndex).UInt64(response.ConflictTerm);
                break;
            case Heartbeat heartbeat:
                builder.UInt64(heartbeat.LeaderCommit).UInt64(heartbeat.ReadRound);
                break;
            case HeartbeatResponse response:
                builder.UInt64(response.ReadRound);
                break;
            case InstallSnapshot snapshot:
                builder.UInt64(snapshot.SnapshotIndex).UInt64(snapshot.SnapshotTerm)
                    .Bytes32(ClusterConfigurationCodec.Encode(snapshot.Configuration))
                    .UInt32((uint)snapshot.TotalSizeBytes).UInt32((uint)snapshot.Offset).Bytes32(snapshot.Chunk.Span);
                break;
            case InstallSnapshotResponse response:
                builder.UInt64(response.SnapshotIndex).UInt64(response.SnapshotTerm).UInt32((uint)response.NextOffset);
                break;
            case ReadIndexRequest request:
                builder.Bytes32(request.Context.Span);
                break;
            case ReadIndexResponse response:
                builder.Bytes32(response.Context.Span).UInt64(response.Index);
                break;
            case TimeoutNow:
                break;
        }
    }

    private static RaftMessage Read(ref BinaryCursor cursor)
    {
        var version = cursor.ReadByte("version");
        if (version != Version)
        {
            throw cursor.Fail("version", $"unknown version {version}");
        }

        var kind = (RaftMessageKind)cursor.ReadByte("kind");
        var (from, to, term) = (cursor.ReadUInt64("from"), cursor.ReadUInt64("to"), cursor.ReadUInt64("term"));
        switch (kind)
        {
            case RaftMessageKind.RequestVote:
                var (lastIndex, lastTerm, voteFlags) = (cursor.ReadUInt64("last log index"), cursor.ReadUInt64("last log term"), cursor.ReadByte("flags"));
                return new RequestVote(from, to, term, lastIndex, lastTerm, (voteFlags & 1) != 0, (voteFlags & 2) != 0);
            case RaftMessageKind.RequestVoteResponse:
                var responseFlags = cursor.ReadByte("flags");
                return new RequestVoteResponse(from, to, term, (responseFlags & 1) != 0, (responseFlags & 2) != 0);
            case RaftMessageKind.AppendEntries:
                return ReadAppendEntries(ref cursor, from, to, term);
            case RaftMessageKind.AppendEntriesResponse:
                var success = (cursor.ReadByte("flags") & 1) != 0;
                return new AppendEntriesResponse(
                    from, to, term, success, cursor.ReadUInt64("match index"), cursor.ReadUInt64("rejected index"),
                    cursor.ReadUInt64("conflict index"), cursor.ReadUInt64("conflict term"));
            case RaftMessageKind.Heartbeat:
                return new Heartbeat(from, to, term, cursor.ReadUInt64("leader commit"), cursor.ReadUInt64("read round"));
            case RaftMessageKind.HeartbeatResponse:
                return new HeartbeatResponse(from, to, term, cursor.ReadUInt64("read round"));
            case RaftMessageKind.InstallSnapshot:
                return ReadInstallSnapshot(ref cursor, from, to, term);
            case RaftMessageKind.InstallSnapshotResponse:
                return new InstallSnapshotResponse(
                    from, to, term, cursor.ReadUInt64("snapshot index"), cursor.ReadUInt64("snapshot term"), ReadInt32(ref cursor, "next offset"));
            case RaftMessageKind.ReadIndexRequest:
                return new ReadIndexRequest(from, to, term, cursor.ReadBytes32("context", MaxPayloadBytes).ToArray());
            case RaftMessageKind.ReadIndexResponse:
                return new ReadIndexResponse(from, to, term, cursor.ReadBytes32("context", MaxPayloadBytes).ToArray(), cursor.ReadUInt64("index"));
            case RaftMessageKind.TimeoutNow:
                return new TimeoutNow(from, to, term);
            default:
                throw cursor.Fail("kind", $"unknown message kind {(byte)kind}");
        }
    }

    private static AppendEntries ReadAppendEntries(ref BinaryCursor cursor, ulong from, ulong to, ulong term)
    {
        var (prevIndex, prevTerm, commit) = (cursor.ReadUInt64("prev log index"), cursor.ReadUInt64("prev log term"), cursor.ReadUInt64("leader commit"));
        var count = cursor.ReadUInt32("entry count");
        if (count > MaxEntriesPerMessage)
        {
            throw cursor.Fail("entry count", $"{count} entries exceed the limit of {MaxEntriesPerMessage}");
        }

        var entries = new List<LogEntry>((int)Math.Min(count, 1_024));
        for (var i = 0; i < count; i++)
        {
            var (index, entryTerm) = (cursor.ReadUInt64("entry index"), cursor.ReadUInt64("entry term"));
            var entryKind = (LogEntryKind)cursor.ReadByte("entry kind");
            if (!Enum.IsDefined(entryKind))
            {
                throw cursor.Fail("entry kind", $"unknown entry kind {(byte)entryKind}");
            }

            entries.Add(new LogEntry(index, entryTerm, entryKind, cursor.ReadBytes32("entry data", MaxPayloadBytes).ToArray()));
        }

        return new AppendEntries(from, to, term, prevIndex, prevTerm, entries, commit);
    }

    private static InstallSnapshot ReadInstallSnapshot(ref BinaryCursor cursor, ulong from, ulong to, ulong term)
    {
        var (index, snapshotTerm) = (cursor.ReadUInt64("snapshot index"), cursor.ReadUInt64("snapshot term"));
        ClusterConfiguration configuration;
        try
        {
            configuration = ClusterConfigurationCodec.Decode(cursor.ReadBytes32("configuration", MaxPayloadBytes));
        }
        catch (Exception exception) when (exception is FormatException and not CommandFormatException || exception is ArgumentException)
        {
            throw new CommandFormatException($"Malformed raft message: configuration: {exception.Message}", exception);
        }

        var total = ReadInt32(ref cursor, "total size");
        var offset = ReadInt32(ref cursor, "offset");
        var chunk = cursor.ReadBytes32("chunk", MaxPayloadBytes).ToArray();
        if ((long)offset + chunk.Length > total)
        {
            throw cursor.Fail("chunk", $"offset {offset} + {chunk.Length} bytes runs past the total size {total}");
        }

        return new InstallSnapshot(from, to, term, index, snapshotTerm, configuration, total, offset, chunk);
    }

    private static int ReadInt32(ref BinaryCursor cursor, string field)
    {
        var value = cursor.ReadUInt32(field);
        return value <= int.MaxValue ? (int)value : throw cursor.Fail(field, $"{value} is out of range");
    }

    private static byte Flags(bool first, bool second) => (byte)((first ? 1 : 0) | (second ? 2 : 0));

    private static RaftMessageKind KindOf(RaftMessage message) => message switch
    {
        RequestVote => RaftMessageKind.RequestVote,
        RequestVoteResponse => RaftMessageKind.RequestVoteResponse,
        AppendEntries => RaftMessageKind.AppendEntries,
        AppendEntriesResponse => RaftMessageKind.AppendEntriesResponse,
        Heartbeat => RaftMessageKind.Heartbeat,
        HeartbeatResponse => RaftMessageKind.HeartbeatResponse,
        InstallSnapshot => RaftMessageKind.InstallSnapshot,
        InstallSnapshotResponse => RaftMessageKind.InstallSnapshotResponse,
        ReadIndexRequest => RaftMessageKind.ReadIndexRequest,
        ReadIndexResponse => RaftMessageKind.ReadIndexResponse,
        TimeoutNow => RaftMessageKind.TimeoutNow,
        _ => throw new ArgumentException($"No wire form for {message.GetType().Name}.", nameof(message)),
    };
}
