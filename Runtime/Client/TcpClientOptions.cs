namespace OrleansSync.Runtime.Client;

/// <summary>How a TCP client finds gateways.</summary>
public sealed class TcpClientOptions
{
    public const int DefaultGatewayRefreshIntervalMs = 2_000;

    /// <summary>Gateway endpoints ("host:port") to use when no membership table is registered, and at start.</summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>How often the gateway list is re-read from the membership table (when one is registered).</summary>
    public int GatewayRefreshIntervalMs { get; set; } = DefaultGatewayRefreshIntervalMs;
}
