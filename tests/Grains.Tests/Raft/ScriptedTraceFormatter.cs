using System.Globalization;
using System.Text;
using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

/// <summary>Compact, stable text for messages and entries in golden traces.</summary>
internal static class ScriptedTraceFormatter
{
    public static string Entry(LogEntry entry) => entry.Kind switch
    {
        LogEntryKind.NoOp => $"{entry.Index}/{entry.Term} noop",
        LogEntryKind.Configuration => $"{entry.Index}/{entry.Term} conf {Configuration(ClusterConfigurationCodec.Decode(entry.Data.Span))}",
        _ => $"{entry.Index}/{entry.Term} {Text(entry.Data)}",
    };

    public static string Configuration(ClusterConfiguration configuration) =>
        $"voters=[{string.Join(',', configuration.Voters)}] learners=[{string.Join(',', configuration.Learners)}]";

    public static string Text(ReadOnlyMemory<byte> data) => Encoding.UTF8.GetString(data.Span);

    public static string Message(RaftMessage message)
    {
        var head = $"{message.From}->{message.To} t{message.Term}";
        return message switch
        {
            RequestVote m => $"{head} {(m.IsPreVote ? "PreVote" : "Vote")} last={m.LastLogIndex}/{m.LastLogTerm}{(m.IsLeadershipTransfer ? " transfer" : string.Empty)}",
            RequestVoteResponse m => $"{head} {(m.IsPreVote ? "PreVoteResponse" : "VoteResponse")} {(m.Granted ? "granted" : "rejected")}",
            AppendEntries m => $"{head} Append prev={m.PrevLogIndex}/{m.PrevLogTerm} commit={m.LeaderCommit} [{string.Join(", ", m.Entries.Select(Entry))}]",
            AppendEntriesResponse { Success: true } m => $"{head} AppendResponse match={m.MatchIndex}",
            AppendEntriesResponse m => $"{head} AppendResponse rejected prev={m.RejectedPrevLogIndex} hint={m.ConflictIndex}/{m.ConflictTerm}",
            Heartbeat m => $"{head} Heartbeat commit={m.LeaderCommit} read={m.ReadRound}",
            HeartbeatResponse m => $"{head} HeartbeatResponse read={m.ReadRound}",
            InstallSnapshot m => $"{head} Snapshot {m.SnapshotIndex}/{m.SnapshotTerm} bytes {m.Offset}+{m.Chunk.Length} of {m.TotalSizeBytes}",
            InstallSnapshotResponse m => $"{head} SnapshotResponse {m.SnapshotIndex}/{m.SnapshotTerm} next={m.NextOffset}",
            TimeoutNow => $"{head} TimeoutNow",
            ReadIndexRequest m => $"{head} ReadIndex {Text(m.Context)}",
            ReadIndexResponse m => $"{head} ReadIndexResponse {Text(m.Context)} index={m.Index}",
            _ => $"{head} {message.GetType().Name}",
        };
    }

    public static string Status(RaftNode node) => string.Create(
        CultureInfo.InvariantCulture,
        $"{node.Id}: {node.Role} term={node.Term} lead={node.LeaderId} commit={node.CommitIndex} applied={node.AppliedIndex} last={node.LastIndex} snapshot={node.SnapshotIndex} {Configuration(node.Configuration)}");
}
