namespace OrleansSync.Grains.Cache;

/// <summary>Orders (due, key) pairs by due time, then key ordinally (the default string order is culture-sensitive).</summary>
internal sealed class DeadlineComparer : IComparer<(long DueMs, string Key)>
{
    public static readonly DeadlineComparer Instance = new();

    public int Compare((long DueMs, string Key) x, (long DueMs, string Key) y)
    {
        var byDue = x.DueMs.CompareTo(y.DueMs);
        return byDue != 0 ? byDue : string.CompareOrdinal(x.Key, y.Key);
    }
}
