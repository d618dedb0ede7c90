namespace OrleansSync.Client.Commands;

/// <summary>The JSON object (and summary table) of <c>bench cache</c>: a read is one <c>get</c> (a hit or a fill), a write one write-through <c>put</c>.</summary>
internal sealed record CacheBenchmarkResult(
    int Clients,
    int Silos,
    int Keys,
    int WritePercent,
    int Seed,
    double Seconds,
    long Reads,
    long Hits,
    long Writes,
    long Errors,
    double HitRate,
    double ReadsPerSecond,
    double WritesPerSecond,
    double ReadP50Ms,
    double ReadP99Ms,
    double WriteP50Ms,
    double WriteP99Ms,
    string? FirstError);
