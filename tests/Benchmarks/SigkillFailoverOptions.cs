namespace OrleansSync.Benchmarks;

/// <summary>The SIGKILL failover benchmark's command line (see <see cref="SigkillFailoverBenchmark"/>).</summary>
internal sealed record SigkillFailoverOptions
{
    public string Redis { get; init; } = string.Empty;

    public string SiloDll { get; init; } = string.Empty;

    /// <summary>Where the silos keep their data and logs (the script passes a fresh temp directory).</summary>
    public string Work { get; init; } = Path.Combine(Path.GetTempPath(), $"orleanssync-failover-sigkill-{Environment.ProcessId}");

    public int Kills { get; init; } = 10;

    public int Silos { get; init; } = 3;

    public int Groups { get; init; } = 4;

    /// <summary>Silo ports from here, gateways from here + 100, HTTP from here + 200 (off every default).</summary>
    public int BasePort { get; init; } = 23400;
}
