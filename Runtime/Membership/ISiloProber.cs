using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

/// <summary>How the membership agent asks "are you alive?"; the transport implements it with ping frames.</summary>
public interface ISiloProber
{
    /// <summary>True when the incarnation <paramref name="target"/> answered within <paramref name="timeout"/>; never throws for an unreachable target.</summary>
    Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken);
}
