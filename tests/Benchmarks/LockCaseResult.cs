namespace OrleansSync.Benchmarks;

/// <summary>What one case of the lock benchmark measured.</summary>
internal sealed record LockCaseResult(int Pairs, double PairsPerSecond, double P50Ms, double P99Ms, string Counters);
