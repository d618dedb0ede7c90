namespace OrleansSync.Silo.Status;

/// <summary>The body of <c>GET /status</c>: the answering silo, the membership table, and the Raft groups.</summary>
/// <param name="Silo">Name of the silo that answered.</param>
/// <param name="Address">Its address (endpoint and generation), null before it joined.</param>
/// <param name="Silos">Every row of the membership table (active, joining, dead), by endpoint.</param>
/// <param name="MembershipError">Why the membership table could not be read (then <paramref name="Silos"/> is empty), or null.</param>
/// <param name="Groups">Each Raft group: its current voters and learners, leader, term, commit and applied index, and every member's own report.</param>
internal sealed record ClusterStatus(string Silo, string? Address, IReadOnlyList<MembershipSiloStatus> Silos, string? MembershipError, IReadOnlyList<RaftGroupSummary> Groups);
