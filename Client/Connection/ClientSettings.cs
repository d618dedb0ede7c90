namespace OrleansSync.Client.Connection;

/// <summary>Where the cluster is and how to talk to it; merged from defaults, a config file, the environment and the command line.</summary>
internal sealed class ClientSettings
{
    public const string DefaultGateway = "127.0.0.1:30000";
    public const string DefaultClusterId = "orleanssync";

    /// <summary>
    /// The development cluster's secret (the silo host's default). Any real deployment sets its own,
    /// on both sides, through the config file or <c>ORLEANSSYNC_SHARED_SECRET</c>.
    /// </summary>
    public const string DefaultSharedSecret = "orleanssync-development-secret";

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Gateway endpoints ("host:port"); the client uses whichever answers.</summary>
    public IReadOnlyList<string> Gateways { get; set; } = [DefaultGateway];

    /// <summary>
    /// The Redis of the cluster's membership, when gateways are to be found there rather than listed
    /// (a StackExchange.Redis configuration string such as <c>localhost:6379</c>); null to use <see cref="Gateways"/>.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>The cluster id every silo and client of the cluster shares (Orleans' ClusterOptions).</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>The secret every silo and client shares (handshake HMAC; never sent).</summary>
    public string SharedSecret { get; set; } = DefaultSharedSecret;

    /// <summary>How long to wait for the first answer from any gateway before giving up.</summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    public string GatewayList => Redis is { } redis ? $"the gateways registered in Redis {redis}" : string.Join(", ", Gateways);
}
