namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>Outcome of a <see cref="KeyValueCommand"/>.</summary>
public enum KeyValueResultStatus : byte
{
    /// <summary>Done; the value is the one read, the previous one (Put, Delete), or the new one (CompareAndSwap, Append).</summary>
    Ok = 1,

    /// <summary>Get or Delete of an absent key.</summary>
    NotFound = 2,

    /// <summary>CompareAndSwap found another value (returned) or none.</summary>
    CompareFailed = 3,

    /// <summary>The command bytes were malformed, or a query was not a Get; nothing changed.</summary>
    Malformed = 4,

    /// <summary>The write would exceed a limit (value size or key count); nothing changed.</summary>
    LimitExceeded = 5,
}
