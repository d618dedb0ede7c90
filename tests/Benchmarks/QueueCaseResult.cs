namespace OrleansSync.Benchmarks;

/// <summary>One case of the queue benchmark on one system: operations done, their rate, latency percentiles (publish cases) and errors.</summary>
internal sealed record QueueCaseResult(long Operations, double PerSecond, double? P50Ms, double? P99Ms, long Errors);
