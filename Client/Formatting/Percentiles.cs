namespace OrleansSync.Client.Formatting;

/// <summary>Percentiles of sorted samples.</summary>
internal static class Percentiles
{
    /// <summary>The nearest-rank percentile (the smallest sample with at least p% of samples at or below it); 0 for no samples.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
