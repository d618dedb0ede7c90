using OrleansSync.Grains.Interfaces.Cluster;
using Spectre.Console;

namespace OrleansSync.Client.Formatting;

/// <summary>The tables of <c>status</c>.</summary>
internal static class StatusView
{
    public static void Render(IAnsiConsole console, ClusterStatus status)
    {
        var silos = new Table().Title($"silos (as {Markup.Escape(status.AnsweredBy)} sees them)").AddColumns("silo (endpoint@generation)", "status", "gateway");
        foreach (var silo in status.Silos)
        {
            silos.AddRow(Markup.Escape(silo.Address), StatusMarkup(silo.Status), Markup.Escape(silo.GatewayEndpoint ?? "-"));
        }

        console.Write(silos);
        var groups = new Table()
            .Title($"Raft groups ({status.Layout.GroupCount} x {status.Layout.ReplicaCount} replicas)")
            .AddColumns("group", "leader", "voters", "term", "commit", "applied per replica");
        foreach (var group in status.Groups)
        {
            groups.AddRow(
                Formats.Number(group.Group),
                group.LeaderReplica >= 0 ? $"replica {group.LeaderReplica}" : "[red]none[/]",
                MembersText(group),
                Formats.Number(group.Term),
                Formats.Number(group.CommitIndex),
                string.Join("  ", group.Replicas.Select(ReplicaMarkup)));
        }

        console.Write(groups);
        var leaderless = status.Groups.Count(g => g.LeaderReplica < 0);
        console.MarkupLine(leaderless == 0
            ? $"[green]All {status.Groups.Count} groups have a leader.[/]"
            : $"[red]{leaderless} of {status.Groups.Count} groups have no reachable leader.[/]");
    }

    /// <summary>"3,4,5" and, while a replacement catches up, "+6" for a learner: the ids change as replicas are replaced.</summary>
    internal static string MembersText(RaftGroupStatus group) =>
        string.Join(',', group.Voters) + string.Concat(group.Learners.Select(l => $" +{l}"));

    /// <summary>"r0 12 @silo-1" for a replica that answered, "r2 unreachable" for one that did not.</summary>
    internal static string ReplicaMarkup(RaftReplicaStatus replica) => replica.Reachable
        ? $"r{replica.Replica} {Formats.Number(replica.AppliedIndex)} @{Markup.Escape(replica.Silo)}"
        : $"[red]r{replica.Replica} unreachable[/]";

    private static string StatusMarkup(string status) => status switch
    {
        "Active" => "[green]Active[/]",
        "Dead" => "[red]Dead[/]",
        _ => $"[yellow]{Markup.Escape(status)}[/]",
    };
}
