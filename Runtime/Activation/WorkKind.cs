namespace OrleansSync.Runtime.Activation;

internal enum WorkKind
{
    /// <summary>Activation or deactivation: runs alone, after everything before it.</summary>
    Barrier,

    /// <summary>A request or tick that holds the activation until it completes (the default).</summary>
    Exclusive,

    /// <summary>A request that interleaves with others: reentrant grain or [AlwaysInterleave] method.</summary>
    Interleaved,
}
