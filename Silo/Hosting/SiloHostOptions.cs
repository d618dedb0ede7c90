using OrleansSync.Grains.Cache.Hosting;
using OrleansSync.Grains.Raft.Hosting;

namespace OrleansSync.Silo.Hosting;

/// <summary>
/// The host's options, bound from the <c>OrleansSync</c> configuration section (appsettings.json,
/// then <c>ORLEANSSYNC__*</c> environment variables, then the command line; see
/// <see cref="CommandLineOptions"/>). Ports are those of the first silo of this process; silo
/// <c>i</c> uses port + i, or a free port when the port is 0.
/// </summary>
internal sealed class SiloHostOptions
{
    public const string SectionName = "OrleansSync";
    public const int DefaultEmbeddedSilos = 3;
    public const int DefaultRedisSilos = 1;
    public const int MaxSilos = 9;
    public const int DefaultSiloPort = 11_111;
    public const int DefaultGatewayPort = 30_000;
    public const int DefaultHttpPort = 8080;
    public const string DefaultListenAddress = "127.0.0.1";
    public const string DefaultDataDirectory = "data";
    public const int DefaultGroups = RaftPeerOptions.DefaultGroupCount;
    public const int DefaultReplicas = RaftPeerOptions.DefaultReplicaCount;
    public const string DefaultRedis = "localhost:6379";
    public const string DefaultClusterId = "orleanssync";

    /// <summary>
    /// The shared secret of development clusters. Silos and clients must hold the same secret; set
    /// your own (<c>--shared-secret</c>, <c>ORLEANSSYNC__SHAREDSECRET</c>) for anything else.
    /// </summary>
    public const string DevelopmentSharedSecret = "orleanssync-development-secret";
    public const int DefaultStatusRefreshIntervalMs = 1_000;
    public const int DefaultStatusTimeoutMs = 2_000;
    public const int DefaultShutdownTimeoutMs = 15_000;

    /// <summary>Embedded (all silos in this process) or Redis (membership in Redis; typically one silo per process).</summary>
    public ClusteringMode Clustering { get; set; } = ClusteringMode.Embedded;

    /// <summary>Silos to start in this process (1 to 9); null: 3 when embedded, 1 with Redis.</summary>
    public int? Silos { get; set; }

    /// <summary>Silo name; with several silos in this process, silo i is named <c>{Name}-{i}</c>. Null: <c>silo-{i}</c>, or <c>{machine}-{silo port}</c> with Redis.</summary>
    public string? Name { get; set; }

    /// <summary>IP address every port of this process binds (0.0.0.0 for all interfaces, e.g. in a container).</summary>
    public string ListenAddress { get; set; } = DefaultListenAddress;

    /// <summary>IP address other silos and clients dial, when it differs from <see cref="ListenAddress"/> (containers, NAT); Orleans advertises addresses, not names.</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>Silo-to-silo TCP port of the first silo (Orleans' 11111); 0 picks free ports.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Gateway (client) TCP port of the first silo (Orleans' 30000); 0 picks free ports.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>HTTP port (API, status, health, metrics, OpenAPI) of the first silo; 0 picks free ports.</summary>
    public int HttpPort { get; set; } = DefaultHttpPort;

    /// <summary>
    /// Where this process keeps its data, relative to the working directory: each silo's Raft WALs
    /// under <c>{silo name}/raft/</c>, and (embedded form) the replicas' birth records under
    /// <c>births/</c>. It need not be shared between machines (ADR 0011).
    /// </summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>Raft groups (consistent-hash shards of the lock space), 1 to 1024; every silo and client must agree.</summary>
    public int Groups { get; set; } = DefaultGroups;

    /// <summary>Replicas per Raft group (odd, 1 to 7); every silo and client must agree.</summary>
    public int Replicas { get; set; } = DefaultReplicas;

    /// <summary>Queues of the cache's invalidation stream provider (ADR 0033); each idle one is polled every <see cref="CacheStreamPollMs"/>.</summary>
    public int CacheStreamQueues { get; set; } = CacheHostingOptions.DefaultInvalidationQueueCount;

    /// <summary>Poll period of the invalidation stream's pulling agents: about what a write with sharers waits for its invalidations to be read.</summary>
    public int CacheStreamPollMs { get; set; } = CacheHostingOptions.DefaultInvalidationPollMs;

    /// <summary>Redis endpoint (host:port) of the membership table, with <see cref="ClusteringMode.Redis"/>.</summary>
    public string Redis { get; set; } = DefaultRedis;

    /// <summary>Redis password (AUTH), if the server needs one.</summary>
    public string? RedisPassword { get; set; }

    /// <summary>Cluster id: names the membership table in Redis and is checked in every connection handshake.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>Secret every silo and client of the cluster shares (at least 16 bytes), proven in every connection handshake.</summary>
    public string SharedSecret { get; set; } = DevelopmentSharedSecret;

    /// <summary>
    /// Token every HTTP request must present (<c>Authorization: Bearer TOKEN</c>, or Basic with the
    /// token as password) except <c>/health</c>; null leaves HTTP open, which is refused beyond
    /// loopback (see <see cref="SiloHostOptionsValidator"/>).
    /// </summary>
    public string? HttpToken { get; set; }

    /// <summary>Shortest <see cref="HttpToken"/> accepted.</summary>
    public const int MinHttpTokenLength = 16;

    /// <summary>How often each silo re-reads its Raft groups' status for <c>/metrics</c> and <c>/health</c>.</summary>
    public int StatusRefreshIntervalMs { get; set; } = DefaultStatusRefreshIntervalMs;

    /// <summary>How long one status read waits for a Raft replica before it is shown as unreachable.</summary>
    public int StatusTimeoutMs { get; set; } = DefaultStatusTimeoutMs;

    /// <summary>Bound on a graceful shutdown of each silo.</summary>
    public int ShutdownTimeoutMs { get; set; } = DefaultShutdownTimeoutMs;

    /// <summary>The number of silos this process runs.</summary>
    public int SiloCount => Silos ?? (Clustering == ClusteringMode.Embedded ? DefaultEmbeddedSilos : DefaultRedisSilos);

    /// <summary>A port of silo <paramref name="index"/>: base + index, or 0 (free) when the base is 0.</summary>
    public static int PortOf(int basePort, int index) => basePort == 0 ? 0 : basePort + index;

    /// <summary>The name of silo <paramref name="index"/> of this process.</summary>
    public string SiloNameOf(int index) => (Name, Clustering, SiloCount) switch
    {
        ({ } name, _, 1) => name,
        ({ } name, _, _) => $"{name}-{index}",
        (null, ClusteringMode.Redis, _) when SiloPort != 0 => $"{Environment.MachineName.ToLowerInvariant()}-{SiloPort + index}",
        (null, ClusteringMode.Redis, _) => $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}-{index}",
        _ => $"silo-{index}",
    };
}
