using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Checking;
using OrleansSync.Simulation.Workloads;

namespace OrleansSync.Simulation.Cluster;

/// <summary>What a simulated host reaches outside itself: the clock, the networks, the checkers.</summary>
internal interface IHostEnvironment<TOutput>
{
    long NowTick { get; }

    /// <summary>Wall-clock milliseconds the leaders stamp on commands (simulated: ticks times the tick length).</summary>
    long NowMs { get; }

    SafetyChecker Checker { get; }

    SimulationTrace Trace { get; }

    void SendRaft(RaftMessage message);

    /// <summary>A replica applied the write (session, sequence) and computed <paramref name="payload"/> (the first report wins; replicas agree).</summary>
    void RecordAppliedWrite(ulong sessionId, ulong sequence, ReadOnlyMemory<byte> payload);

    /// <summary>The leader <paramref name="nodeId"/> proposed an expiry at (<paramref name="index"/>, <paramref name="term"/>): the history's call.</summary>
    void ExpiryProposed(ulong nodeId, ulong index, ulong term);

    /// <summary>A replica applied the expiry at (<paramref name="index"/>, <paramref name="term"/>) and computed <paramref name="output"/> (the first report returns the call).</summary>
    void ExpiryApplied(ulong nodeId, ulong index, ulong term, TOutput output);

    void Reply(ulong fromNode, ClientReply<TOutput> reply);

    /// <summary>A read id unique in the whole run (so a reply meant for a node's previous life is never mistaken).</summary>
    long NextReadId();
}
