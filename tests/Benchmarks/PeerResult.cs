namespace OrleansSync.Benchmarks;

/// <summary>What one system did in one workload's measured window.</summary>
internal sealed record PeerResult(long Pairs, double PairsPerSecond, double P50Ms, double P99Ms, long Errors);
