namespace OrleansSync.Silo.Api;

/// <summary>One group's lock totals (null when it did not answer, then <see cref="Error"/> says why).</summary>
internal sealed record LockGroupTotals(int Group, int? Locks, int? Leases, string? Error);
