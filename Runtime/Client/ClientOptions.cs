namespace OrleansSync.Runtime.Client;

/// <summary>Options of <see cref="ClusterClient"/>.</summary>
public sealed class ClientOptions
{
    public const int DefaultResponseTimeoutMs = 30_000;
    public const int DefaultMaxGatewayAttempts = 4;
    public const int DefaultGatewayRetryDelayMs = 200;

    /// <summary>Name of this client (its endpoint name on the network is derived from it).</summary>
    public string ClientName { get; set; } = "client";

    /// <summary>How long a call waits for its response.</summary>
    public int ResponseTimeoutMs { get; set; } = DefaultResponseTimeoutMs;

    /// <summary>Gateways tried for one call when a gateway cannot be reached (the request never left).</summary>
    public int MaxGatewayAttempts { get; set; } = DefaultMaxGatewayAttempts;

    /// <summary>Longest wait for a newer membership view between gateway attempts.</summary>
    public int GatewayRetryDelayMs { get; set; } = DefaultGatewayRetryDelayMs;
}
