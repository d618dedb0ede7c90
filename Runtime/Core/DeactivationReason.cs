namespace OrleansSync.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>The grain was idle for longer than the collection age.</summary>
    IdleCollection,

    /// <summary>The grain asked for it with <c>DeactivateOnIdle</c>.</summary>
    ApplicationRequested,

    /// <summary>A membership change placed the grain on another silo.</summary>
    PlacementChanged,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>Activation failed.</summary>
    ActivationFailed,
}
