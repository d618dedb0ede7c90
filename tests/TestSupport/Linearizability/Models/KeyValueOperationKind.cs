namespace OrleansSync.TestSupport.Linearizability.Models;

/// <summary>The operations of the key-value register model.</summary>
public enum KeyValueOperationKind
{
    /// <summary>Sets the value; answers the previous one.</summary>
    Put = 1,

    /// <summary>Reads the value; answers it, or null when the key is absent.</summary>
    Get = 2,

    /// <summary>Removes the key; answers whether it existed and the removed value.</summary>
    Delete = 3,

    /// <summary>Sets the value if the current one equals the expected one (null: absent); answers whether it did, and the new or current value.</summary>
    CompareAndSwap = 4,

    /// <summary>Appends to the value (absent counts as empty); answers the new value.</summary>
    Append = 5,
}
