using System.Text.Json;

namespace OrleansSync.Benchmarks;

/// <summary>The one HttpClient setup both HTTP peers use: keep-alive, enough connections for every worker.</summary>
internal static class PeerHttp
{
    /// <summary>
    /// Member names exactly as written: PostAsJsonAsync's default camel-cases them, and etcd's
    /// gateway then ignores <c>TTL</c> (so the lease got the minimum TTL and expired mid-run).
    /// </summary>
    public static readonly JsonSerializerOptions Json = new();

    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 256,
    })
    {
        Timeout = TimeSpan.FromSeconds(90),
    };
}
