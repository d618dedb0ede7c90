namespace OrleansSync.Client.Commands;

/// <summary>A progress report of a running <c>bench queue</c>.</summary>
internal readonly record struct QueueBenchmarkProgress(TimeSpan Elapsed, long Sent, long Acked, long Errors);
