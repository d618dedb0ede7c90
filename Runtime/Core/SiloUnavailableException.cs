namespace OrleansSync.Runtime;

/// <summary>
/// The silo (or gateway) a call was routed to could not be reached or died while the call was
/// outstanding. <see cref="MayHaveBeenDelivered"/> says whether the grain might have run it.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException(string message, bool mayHaveBeenDelivered)
        : base(message)
    {
        MayHaveBeenDelivered = mayHaveBeenDelivered;
    }

    /// <summary>False when the request certainly never reached the silo (so a retry is safe).</summary>
    public bool MayHaveBeenDelivered { get; }
}
