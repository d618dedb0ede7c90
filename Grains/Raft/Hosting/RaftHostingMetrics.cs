using System.Diagnostics.Metrics;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// Counters of the Ready loop, so that a benchmark (or <c>/metrics</c>) can say where a command's
/// time goes: how many fsyncs a command costs and how long they take, how long a grain turn holds
/// its activation, how many peer calls a command needs. Process-wide (one meter for every silo of
/// a process), which is what the in-process benchmark wants: it divides by the pairs it completed.
/// </summary>
internal static class RaftHostingMetrics
{
    public const string MeterName = "OrleansSync.Raft.Hosting";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>fsyncs of a replica's WAL (one per Ready that must sync).</summary>
    public static readonly Counter<long> WalSyncs = Meter.CreateCounter<long>("orleanssync.raft.wal.syncs");

    /// <summary>Milliseconds one WAL fsync took.</summary>
    public static readonly Histogram<double> WalSyncMs = Meter.CreateHistogram<double>("orleanssync.raft.wal.sync.duration", "ms");

    /// <summary>Log entries written to WALs (a synced batch of n entries counts n).</summary>
    public static readonly Counter<long> WalEntries = Meter.CreateCounter<long>("orleanssync.raft.wal.entries");

    /// <summary>Ready batches processed.</summary>
    public static readonly Counter<long> Readies = Meter.CreateCounter<long>("orleanssync.raft.ready.batches");

    /// <summary>Milliseconds a Ready batch held its grain's turn (persist, send, apply, advance).</summary>
    public static readonly Histogram<double> ReadyTurnMs = Meter.CreateHistogram<double>("orleanssync.raft.ready.turn.duration", "ms");

    /// <summary>Peer-to-peer <c>Deliver</c> calls sent.</summary>
    public static readonly Counter<long> PeerCalls = Meter.CreateCounter<long>("orleanssync.raft.peer.calls");

    /// <summary>Proposals accepted by a leader.</summary>
    public static readonly Counter<long> Proposals = Meter.CreateCounter<long>("orleanssync.raft.proposals");

    /// <summary>Milliseconds from a proposal's arrival at the leader to its answer (applied there).</summary>
    public static readonly Histogram<double> ProposalMs = Meter.CreateHistogram<double>("orleanssync.raft.proposal.duration", "ms");
}
