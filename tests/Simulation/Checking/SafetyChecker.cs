using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Storage;

namespace OrleansSync.Simulation.Checking;

/// <summary>
/// Checks Raft's safety properties on what the simulated hosts observe, and throws
/// <see cref="SafetyViolationException"/> at the first violation:
/// <list type="bullet">
/// <item>election safety: at most one leader per term;</item>
/// <item>log matching: an (index, term) pair names one entry forever, with one predecessor term,
/// so logs that agree on an (index, term) agree on the whole prefix;</item>
/// <item>state machine safety: every replica applies the same entry at each index;</item>
/// <item>leader completeness: a leader of term T holds every entry committed before T, so a
/// committed entry is never lost or changed;</item>
/// <item>determinism: every replica's state machine gives the same result at each index;</item>
/// <item>snapshots only cover committed entries with their committed terms.</item>
/// </list>
/// </summary>
internal sealed class SafetyChecker
{
    private readonly Dictionary<ulong, ulong> _leaderByTerm = [];
    private readonly Dictionary<(ulong Index, ulong Term), (LogEntry Entry, ulong PreviousTerm, ulong Node)> _entries = [];
    private readonly Dictionary<ulong, CommittedEntry> _committed = [];
    private readonly Dictionary<(ulong Node, ulong Term), ulong> _leaderCheckedUpTo = [];
    private readonly Dictionary<ulong, (byte[] Result, ulong Node)> _results = [];

    /// <summary>Highest index any replica has applied.</summary>
    public ulong MaxCommittedIndex { get; private set; }

    public int LeaderCount => _leaderByTerm.Count;

    public void ObserveLeader(ulong node, ulong term)
    {
        if (_leaderByTerm.TryGetValue(term, out var existing))
        {
            Ensure(existing == node, $"election safety: nodes {existing} and {node} are both leaders of term {term}");
            return;
        }

        _leaderByTerm[term] = node;
    }

    /// <summary>A host is about to persist <paramref name="entries"/>; <paramref name="previousTerm"/> is the term of the entry before the first.</summary>
    public void ObserveAppend(ulong node, IReadOnlyList<LogEntry> entries, ulong previousTerm)
    {
        foreach (var entry in entries)
        {
            if (_entries.TryGetValue((entry.Index, entry.Term), out var known))
            {
                Ensure(
                    SameEntry(known.Entry, entry) && known.PreviousTerm == previousTerm,
                    $"log matching: node {node} wrote entry {Describe(entry)} after term {previousTerm}, "
                    + $"but node {known.Node} wrote {Describe(known.Entry)} after term {known.PreviousTerm}");
            }
            else
            {
                _entries[(entry.Index, entry.Term)] = (entry, previousTerm, node);
            }

            previousTerm = entry.Term;
        }
    }

    /// <summary>A replica applied <paramref name="entry"/> while in <paramref name="nodeTerm"/>.</summary>
    public void ObserveApplied(ulong node, LogEntry entry, ulong nodeTerm)
    {
        if (_committed.TryGetValue(entry.Index, out var known))
        {
            Ensure(
                SameEntry(known.Entry, entry),
                $"state machine safety: node {node} applied {Describe(entry)} at index {entry.Index}, "
                + $"but node {known.FirstAppliedBy} applied {Describe(known.Entry)}");
            if (nodeTerm < known.ObservedTerm)
            {
                _committed[entry.Index] = known with { ObservedTerm = nodeTerm };
            }

            return;
        }

        _committed[entry.Index] = new CommittedEntry(entry, nodeTerm, node);
        MaxCommittedIndex = Math.Max(MaxCommittedIndex, entry.Index);
    }

    /// <summary>Determinism: every replica's state machine answers the same bytes to the command at <paramref name="index"/>.</summary>
    public void ObserveResult(ulong node, ulong index, ReadOnlySpan<byte> result)
    {
        if (_results.TryGetValue(index, out var known))
        {
            Ensure(
                result.SequenceEqual(known.Result),
                $"state machine determinism: node {node} answered {result.Length} bytes (hash {Fingerprint(result):x8}) to the command at index {index}, "
                + $"node {known.Node} answered {known.Result.Length} bytes (hash {Fingerprint(known.Result):x8})");
            return;
        }

        _results[index] = (result.ToArray(), node);
    }

    /// <summary>A replica saved or restored a snapshot: it must cover committed entries only, with their terms.</summary>
    public void ObserveSnapshot(ulong node, RaftSnapshot snapshot)
    {
        if (_committed.TryGetValue(snapshot.Index, out var known))
        {
            Ensure(
                known.Entry.Term == snapshot.Term,
                $"snapshot safety: node {node} has a snapshot at index {snapshot.Index} term {snapshot.Term}, "
                + $"but the committed entry there has term {known.Entry.Term}");
        }
    }

    /// <summary>
    /// Leader completeness: the leader of <paramref name="term"/> (whose log is <paramref name="log"/>)
    /// holds every entry committed in an earlier term.
    /// </summary>
    public void CheckLeaderCompleteness(ulong node, ulong term, DiskImage log)
    {
        _leaderCheckedUpTo.TryGetValue((node, term), out var checkedUpTo);
        var index = checkedUpTo + 1;
        for (; index <= MaxCommittedIndex; index++)
        {
            if (!_committed.TryGetValue(index, out var committed) || committed.ObservedTerm >= term)
            {
                break;
            }

            if (index <= log.SnapshotIndex)
            {
                continue;
            }

            var held = log.EntryAt(index);
            Ensure(
                held is not null && SameEntry(held, committed.Entry),
                $"leader completeness: node {node}, leader of term {term}, lacks committed entry {Describe(committed.Entry)} "
                + $"(applied by node {committed.FirstAppliedBy} in term {committed.ObservedTerm}); it has "
                + (held is null ? "nothing" : Describe(held)) + " there");
        }

        _leaderCheckedUpTo[(node, term)] = index - 1;
    }

    private static bool SameEntry(LogEntry a, LogEntry b) =>
        a.Index == b.Index && a.Term == b.Term && a.Kind == b.Kind && a.Data.Span.SequenceEqual(b.Data.Span);

    private static string Describe(LogEntry entry) =>
        $"(index {entry.Index}, term {entry.Term}, {entry.Kind}, {entry.Data.Length} bytes, hash {Fingerprint(entry.Data.Span):x8})";

    private static uint Fingerprint(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    private static void Ensure(bool condition, string violation)
    {
        if (!condition)
        {
            throw new SafetyViolationException(violation);
        }
    }
}
