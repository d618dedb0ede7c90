namespace OrleansSync.Runtime.Invocation;

internal enum ResponseStatus : byte
{
    /// <summary>The method completed; the payload is its encoded result.</summary>
    Ok = 1,

    /// <summary>The call failed; the response carries the exception.</summary>
    Failed = 2,

    /// <summary>The receiving silo does not (or no longer) host the grain: route again with a newer view.</summary>
    Retry = 3,
}
