namespace OrleansSync.Runtime.Hosting;

/// <summary>Where a silo listens when it uses the TCP transport (silos and clients use the same port).</summary>
public sealed class TcpClusteringOptions
{
    public const string DefaultListenAddress = "127.0.0.1";
    public const int DefaultPort = 11111;

    /// <summary>IP address to bind (e.g. 0.0.0.0 for all interfaces).</summary>
    public string ListenAddress { get; set; } = DefaultListenAddress;

    /// <summary>TCP port to bind; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>"host:port" other silos and clients dial, when it differs from the bound endpoint (containers, NAT).</summary>
    public string? AdvertisedEndpoint { get; set; }

    /// <summary>
    /// A second TCP port for clients (the gateway port, 30000 by Orleans' habit), advertised in the
    /// membership table; 0 picks a free port. Null: clients use <see cref="Port"/>, which always
    /// accepts them too.
    /// </summary>
    public int? GatewayPort { get; set; }

    /// <summary>"host:port" clients dial for the gateway, when it differs from the bound one (containers, NAT).</summary>
    public string? AdvertisedGatewayEndpoint { get; set; }

    /// <summary>Seed of the reconnect-backoff jitter; null derives one from the endpoint and generation.</summary>
    public int? RandomSeed { get; set; }
}
