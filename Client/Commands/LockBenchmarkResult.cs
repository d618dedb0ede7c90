namespace OrleansSync.Client.Commands;

/// <summary>The JSON object (and summary table) of <c>bench locks</c>; latencies are of one acquire+release pair.</summary>
internal sealed record LockBenchmarkResult(
    int Clients,
    bool Contended,
    double Seconds,
    long Pairs,
    long Errors,
    double PairsPerSecond,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    string? FirstError);
