namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>Operations of the <see cref="KeyValueStateMachine"/>.</summary>
public enum KeyValueCommandKind : byte
{
    /// <summary>Read a key (also allowed as a query).</summary>
    Get = 1,

    /// <summary>Set a key; answers the previous value.</summary>
    Put = 2,

    /// <summary>Remove a key; answers the removed value or NotFound.</summary>
    Delete = 3,

    /// <summary>Set a key only if its current value equals the expected one (null: absent).</summary>
    CompareAndSwap = 4,

    /// <summary>Append to a key's value (creating it); not idempotent, so it shows double application.</summary>
    Append = 5,
}
