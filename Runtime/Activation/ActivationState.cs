namespace OrleansSync.Runtime.Activation;

internal enum ActivationState
{
    /// <summary>Reading state and running OnActivateAsync; requests wait.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Finishing accepted requests, then OnDeactivateAsync; new requests are turned away.</summary>
    Deactivating,

    /// <summary>Gone from the catalog.</summary>
    Deactivated,
}
