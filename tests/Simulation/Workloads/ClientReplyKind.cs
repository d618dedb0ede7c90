namespace OrleansSync.Simulation.Workloads;

/// <summary>What a node answered a client.</summary>
internal enum ClientReplyKind
{
    /// <summary>The operation's result.</summary>
    Answer = 1,

    /// <summary>This node cannot serve it; try the hinted leader (or another node).</summary>
    NotLeader = 2,

    /// <summary>The proposal was lost to a leader change; retry.</summary>
    Dropped = 3,
}
