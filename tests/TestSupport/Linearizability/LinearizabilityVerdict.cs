namespace OrleansSync.TestSupport.Linearizability;

/// <summary>The checker's answer.</summary>
public enum LinearizabilityVerdict
{
    /// <summary>The history is linearizable.</summary>
    Ok = 1,

    /// <summary>No linearization exists.</summary>
    Illegal = 2,

    /// <summary>The budget ran out before the search finished; nothing is known.</summary>
    Unknown = 3,
}
