namespace OrleansSync.Client.Commands;

/// <summary>A progress report of a running <c>bench cache</c>.</summary>
internal readonly record struct CacheBenchmarkProgress(TimeSpan Elapsed, long Reads, long Hits, long Writes, long Errors);
