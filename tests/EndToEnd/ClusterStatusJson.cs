using System.Text.Json;

namespace OrleansSync.EndToEnd;

/// <summary>Questions the tests ask of the console client's <c>status --json</c>.</summary>
internal static class ClusterStatusJson
{
    /// <summary>
    /// Whether every group has a leader and its current voters (<c>voters</c>, which change as
    /// replicas are replaced) answer from as many distinct silos as the layout has replicas: only
    /// then can one kill not take a group's majority.
    /// </summary>
    public static bool IsReplicatedOnDistinctSilos(JsonElement status)
    {
        var replicaCount = status.GetProperty("layout").GetProperty("replicaCount").GetInt32();
        foreach (var group in status.GetProperty("groups").EnumerateArray())
        {
            var voterIds = group.GetProperty("voters").EnumerateArray().Select(v => v.GetInt32()).ToHashSet();
            var voters = group.GetProperty("replicas").EnumerateArray()
                .Where(r => voterIds.Contains(r.GetProperty("replica").GetInt32()))
                .Where(r => r.GetProperty("reachable").GetBoolean() && r.GetProperty("role").GetString() is "Leader" or "Follower")
                .Select(r => r.GetProperty("silo").GetString())
                .ToList();
            if (group.GetProperty("leaderReplica").GetInt32() < 0 || voters.Count < replicaCount || voters.Distinct().Count() != voters.Count)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The name of the silo whose replica leads <paramref name="group"/> (found by replica id, not position).</summary>
    public static string LeaderSiloOf(JsonElement status, int group)
    {
        var entry = status.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetInt32() == group);
        var leader = entry.GetProperty("leaderReplica").GetInt32();
        Assert.True(leader >= 0, $"group {group} has no leader: {entry}");
        return entry.GetProperty("replicas").EnumerateArray().Single(r => r.GetProperty("replica").GetInt32() == leader).GetProperty("silo").GetString()!;
    }

    public static int GroupCount(JsonElement status) => status.GetProperty("layout").GetProperty("groupCount").GetInt32();
}
