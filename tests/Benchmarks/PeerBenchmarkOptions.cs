namespace OrleansSync.Benchmarks;

/// <summary>The peer benchmark's command line (see <see cref="PeerBenchmark"/>).</summary>
internal sealed record PeerBenchmarkOptions
{
    public List<Uri> Etcd { get; init; } = [];

    public List<Uri> Http { get; init; } = [];

    public List<System.Net.IPEndPoint> Gateways { get; init; } = [];

    public int Seconds { get; init; } = 10;

    public int WarmupSeconds { get; init; } = 2;

    public int Groups { get; init; } = 8;

    public int Seed { get; init; } = 1;

    public string SharedSecret { get; init; } = "orleanssync-development-secret";

    public string ClusterId { get; init; } = "orleanssync";
}
