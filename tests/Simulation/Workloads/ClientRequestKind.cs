namespace OrleansSync.Simulation.Workloads;

/// <summary>What a client asks a node.</summary>
internal enum ClientRequestKind
{
    /// <summary>Open a client session (its id is the index of the committed register entry).</summary>
    Register = 1,

    /// <summary>A write, proposed as (session, sequence, command).</summary>
    Command = 2,

    /// <summary>A linearizable read (ReadIndex, then a local query); needs no session.</summary>
    Read = 3,
}
