namespace OrleansSync.Grains.Locks;

/// <summary>
/// Finds deadlocks in wait-for edges gathered from every group's <see cref="LockTable"/>, and picks
/// the wait to abort in each: the youngest (latest <see cref="WaitForEdge.WaitingSinceMs"/>).
/// </summary>
/// <remarks>
/// No false positives: edges are gathered twice, every read of the second pass starting after
/// every read of the first has finished. An edge names a wait and a hold (or an earlier wait) by
/// ids that are never reused, so an edge seen in both passes stood the whole time between them,
/// and all edges kept then stood together at one instant. A cycle of such edges is a real
/// deadlock: each member waits for the next and none can move. Edges seen only once are ignored.
/// Pure: no clock or I/O; the caller gathers and proposes the aborts.
/// </remarks>
public static class DeadlockDetector
{
    /// <summary>Bounds the work per detection round (cycles broken per call).</summary>
    public const int MaxVictimsPerRound = 1_024;

    public static IReadOnlyList<DeadlockVictim> FindVictims(IReadOnlyCollection<WaitForEdge> firstPass, IReadOnlyCollection<WaitForEdge> secondPass)
    {
        ArgumentNullException.ThrowIfNull(firstPass);
        ArgumentNullException.ThrowIfNull(secondPass);
        var stable = new HashSet<WaitForEdge>(firstPass);
        stable.IntersectWith(secondPass);
        var edges = stable
            .OrderBy(e => e.WaiterOwner, StringComparer.Ordinal)
            .ThenBy(e => e.GroupId)
            .ThenBy(e => e.WaitId)
            .ThenBy(e => e.BlockerOwner, StringComparer.Ordinal)
            .ThenBy(e => e.BlockerTag)
            .ToList();

        var victims = new List<DeadlockVictim>();
        while (victims.Count < MaxVictimsPerRound && FindCycle(edges) is { } cycle)
        {
            var victim = cycle
                .OrderByDescending(e => e.WaitingSinceMs)
                .ThenByDescending(e => e.GroupId)
                .ThenByDescending(e => e.WaitId)
                .First();
            victims.Add(new DeadlockVictim(victim, Describe(cycle)));

            // Aborting the wait removes every edge out of it, in whichever cycles it stood.
            edges.RemoveAll(e => e.GroupId == victim.GroupId && e.WaitId == victim.WaitId);
        }

        return victims;
    }

    /// <summary>One cycle among the owners, as the edges that form it in order, or null if none.</summary>
    private static List<WaitForEdge>? FindCycle(List<WaitForEdge> edges)
    {
        var outgoing = edges.GroupBy(e => e.WaiterOwner, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in outgoing.Keys)
        {
            if (!finished.Contains(start) && Search(start, outgoing, finished) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    /// <summary>Iterative depth-first search from <paramref name="start"/>; returns the first cycle met.</summary>
    private static List<WaitForEdge>? Search(string start, Dictionary<string, List<WaitForEdge>> outgoing, HashSet<string> finished)
    {
        var path = new List<WaitForEdge>();
        var onPath = new Dictionary<string, int>(StringComparer.Ordinal) { [start] = 0 };
        var cursors = new Stack<(string Owner, int Next)>();
        cursors.Push((start, 0));
        while (cursors.Count > 0)
        {
            var (owner, next) = cursors.Pop();
            var outs = outgoing.GetValueOrDefault(owner) ?? [];
            if (next >= outs.Count)
            {
                finished.Add(owner);
                onPath.Remove(owner);
                if (path.Count > 0)
                {
                    path.RemoveAt(path.Count - 1);
                }

                continue;
            }

            cursors.Push((owner, next + 1));
            var edge = outs[next];
            if (onPath.TryGetValue(edge.BlockerOwner, out var position))
            {
                return [.. path.Skip(position), edge];
            }

            if (!finished.Contains(edge.BlockerOwner))
            {
                path.Add(edge);
                onPath[edge.BlockerOwner] = path.Count;
                cursors.Push((edge.BlockerOwner, 0));
            }
        }

        return null;
    }

    private static string Describe(List<WaitForEdge> cycle) =>
        string.Join(", ", cycle.Select(e => $"{e.WaiterOwner} waits for {e.BlockerOwner} on '{e.LockName}'"));
}
