namespace OrleansSync.Client.Commands;

/// <summary>A progress report of a running benchmark.</summary>
internal readonly record struct LockBenchmarkProgress(TimeSpan Elapsed, long Pairs, long Errors);
