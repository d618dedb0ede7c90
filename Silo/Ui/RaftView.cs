using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Ui;

/// <summary>The body of <c>GET /cluster/raft</c>: every group as <c>/status</c> shows it, read by <see cref="UiRaftReader"/>.</summary>
internal sealed record RaftView(string Silo, IReadOnlyList<RaftGroupSummary> Groups);
