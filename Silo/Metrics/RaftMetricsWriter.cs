using System.Globalization;
using OrleansSync.Grains.Cluster;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Metrics;

/// <summary>
/// The Raft and silo series, from the cached status (scraping never waits on a grain call). The
/// Raft series describe every replica of the cluster as this silo last read them.
/// </summary>
internal static class RaftMetricsWriter
{
    public static void Write(PrometheusTextWriter writer, RaftStatusSnapshot? snapshot, ILocalSiloDetails silo, TimeProvider time)
    {
        var view = silo.CurrentView;
        writer.WriteFamily("orleanssync_silo_joined", "gauge", "1 when this silo is active in its own membership view.");
        writer.WriteSample("orleanssync_silo_joined", [new("silo", silo.Name)], silo.Address is { } address && view.Contains(address) ? 1 : 0);
        writer.WriteFamily("orleanssync_silo_active_silos", "gauge", "Active silos in this silo's membership view.");
        writer.WriteSample("orleanssync_silo_active_silos", [new("silo", silo.Name)], view.ActiveSilos.Count);
        if (snapshot is null)
        {
            return;
        }

        writer.WriteFamily("orleanssync_raft_status_age_seconds", "gauge", "Seconds since the Raft status below was read.");
        writer.WriteSample("orleanssync_raft_status_age_seconds", [], (time.GetUtcNow() - snapshot.ReadAt).TotalSeconds);
        writer.WriteFamily("orleanssync_raft_group_has_leader", "gauge", "1 when some replica of the group reports being its leader.");
        foreach (var group in snapshot.Groups)
        {
            writer.WriteSample("orleanssync_raft_group_has_leader", [Label("group", group.Group)], group.LeaderReplica is null ? 0 : 1);
        }

        var readings = snapshot.Groups.SelectMany(g => g.Replicas).ToList();
        WriteReplicaFamily(writer, readings, "orleanssync_raft_replica_up", "1 when the replica answered the last status read.", r => r.Status is null ? 0 : 1, includeUnreachable: true);
        WriteReplicaFamily(writer, readings, "orleanssync_raft_term", "The replica's current Raft term.", r => r.Status!.Term);
        WriteReplicaFamily(writer, readings, "orleanssync_raft_commit_index", "The replica's commit index.", r => r.Status!.CommitIndex);
        WriteReplicaFamily(writer, readings, "orleanssync_raft_applied_index", "The replica's applied index.", r => r.Status!.AppliedIndex);
        WriteReplicaFamily(writer, readings, "orleanssync_raft_is_leader", "1 when the replica is its group's leader.", r => r.IsLeader ? 1 : 0);
    }

    private static void WriteReplicaFamily(
        PrometheusTextWriter writer, IReadOnlyList<RaftReplicaReading> readings, string name, string help, Func<RaftReplicaReading, double> value, bool includeUnreachable = false)
    {
        writer.WriteFamily(name, "gauge", help);
        foreach (var reading in readings.Where(r => includeUnreachable || r.Status is not null))
        {
            writer.WriteSample(name, [Label("group", reading.Group), Label("replica", reading.Replica)], value(reading));
        }
    }

    private static KeyValuePair<string, string> Label(string name, int value) => new(name, value.ToString(CultureInfo.InvariantCulture));
}
