namespace OrleansSync.Grains.Cache;

/// <summary>
/// The lease arithmetic of docs/protocols/cache.md: with clock rates within [1-ρ, 1+ρ] of real
/// time and leader clocks within ε of each other, a near cache that stops reading at
/// <c>requestSentLocal + lease - D</c> never reads after the directory freed its copy if
/// <c>D ≥ ε + 2ρ·lease</c> (the exact bound, <see cref="RequiredDriftAllowanceMs"/>, is a little smaller).
/// </summary>
internal static class CacheLeaseMath
{
    /// <summary>The smallest safe allowance: <c>ε(1-ρ)/(1+ρ) + 2ρL/(1+ρ)</c>, rounded up.</summary>
    public static long RequiredDriftAllowanceMs(long leaseMs, double rateDrift, long leaderOffsetMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leaseMs);
        ArgumentOutOfRangeException.ThrowIfNegative(leaderOffsetMs);
        if (rateDrift is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rateDrift), rateDrift, "must be in [0, 1).");
        }

        return (long)Math.Ceiling(((leaderOffsetMs * (1 - rateDrift)) + (2 * rateDrift * leaseMs)) / (1 + rateDrift));
    }

    /// <summary>The largest rate drift ρ an allowance tolerates: solves <c>D = ε(1-ρ)/(1+ρ) + 2ρL/(1+ρ)</c> for ρ (0 if ε alone exceeds D).</summary>
    public static double MaxTolerableRateDrift(long leaseMs, long driftAllowanceMs, long leaderOffsetMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leaseMs);
        ArgumentOutOfRangeException.ThrowIfNegative(driftAllowanceMs);
        ArgumentOutOfRangeException.ThrowIfNegative(leaderOffsetMs);
        if (leaderOffsetMs > driftAllowanceMs)
        {
            return 0;
        }

        // D(1+ρ) = ε(1-ρ) + 2ρL  ⇒  ρ(D + ε - 2L) = ε - D  ⇒  ρ = (D - ε) / (2L - D - ε).
        var denominator = (2.0 * leaseMs) - driftAllowanceMs - leaderOffsetMs;
        return denominator <= 0 ? 1 : (driftAllowanceMs - leaderOffsetMs) / denominator;
    }

    /// <summary>The last local time (exclusive) at which a copy whose request was sent at <paramref name="requestSentLocalMs"/> may be read.</summary>
    public static long LiveUntilLocalMs(long requestSentLocalMs, long leaseMs, long driftAllowanceMs) =>
        requestSentLocalMs + leaseMs - driftAllowanceMs;
}
