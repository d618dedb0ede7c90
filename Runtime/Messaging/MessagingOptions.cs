using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OrleansSync.Runtime.Messaging;

/// <summary>Settings of the silo-to-silo and client-to-gateway transport (<see cref="MessageTransport"/>).</summary>
public sealed class MessagingOptions
{
    public const string DefaultClusterId = "orleanssync";
    public const int DefaultMaxFrameBytes = 4 * 1024 * 1024;
    public const int DefaultConnectTimeoutMs = 5_000;
    public const int DefaultRequestTimeoutMs = 30_000;
    public const int DefaultHandshakeTimeoutMs = 5_000;
    public const int DefaultMaxPendingRequests = 10_000;
    public const int DefaultMaxConcurrentInboundRequests = 1_024;
    public const int DefaultConnectAttempts = 5;
    public const int DefaultReconnectBaseDelayMs = 100;
    public const int DefaultReconnectMaxDelayMs = 5_000;
    public const int MinSharedSecretBytes = 16;
    public const int MaxClusterIdBytes = 256;

    /// <summary>Name of the cluster; both ends of a connection must agree on it.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>
    /// Secret every silo and client of the cluster shares (at least <see cref="MinSharedSecretBytes"/>
    /// UTF-8 bytes). Never sent on the wire: each side proves it knows it with an HMAC-SHA256 over
    /// nonces chosen by both sides.
    /// </summary>
    public string SharedSecret { get; set; } = string.Empty;

    /// <summary>Largest payload of one frame, in bytes; a peer announcing more is disconnected.</summary>
    public int MaxFrameBytes { get; set; } = DefaultMaxFrameBytes;

    /// <summary>Time allowed for one TCP connect attempt (including TLS), in milliseconds.</summary>
    public int ConnectTimeoutMs { get; set; } = DefaultConnectTimeoutMs;

    /// <summary>Default time a request waits for its response, in milliseconds (callers may pass their own).</summary>
    public int RequestTimeoutMs { get; set; } = DefaultRequestTimeoutMs;

    /// <summary>Time allowed for the whole handshake of a new connection, in milliseconds.</summary>
    public int HandshakeTimeoutMs { get; set; } = DefaultHandshakeTimeoutMs;

    /// <summary>Most requests awaiting a response on one connection; further callers wait for a slot.</summary>
    public int MaxPendingRequests { get; set; } = DefaultMaxPendingRequests;

    /// <summary>
    /// Most inbound requests and one-way messages dispatched concurrently per connection; when all
    /// slots are taken the connection stops reading (TCP backpressure) until one frees.
    /// </summary>
    public int MaxConcurrentInboundRequests { get; set; } = DefaultMaxConcurrentInboundRequests;

    /// <summary>Connect attempts (first try plus retries) before a send fails with <see cref="ConnectionFailedException"/>.</summary>
    public int ConnectAttempts { get; set; } = DefaultConnectAttempts;

    /// <summary>Delay before the first reconnect attempt, in milliseconds; doubles per failure, with jitter.</summary>
    public int ReconnectBaseDelayMs { get; set; } = DefaultReconnectBaseDelayMs;

    /// <summary>Upper bound of the reconnect delay, in milliseconds.</summary>
    public int ReconnectMaxDelayMs { get; set; } = DefaultReconnectMaxDelayMs;

    /// <summary>When true every connection runs over TLS (SslStream).</summary>
    public bool UseTls { get; set; }

    /// <summary>Certificate (with private key) the accepting side presents when <see cref="UseTls"/> is set.</summary>
    public X509Certificate2? TlsServerCertificate { get; set; }

    /// <summary>Host name the connecting side expects in the server certificate; defaults to the target address.</summary>
    public string? TlsTargetHost { get; set; }

    /// <summary>
    /// Optional check of the server certificate on the connecting side (e.g. pinning a self-signed
    /// certificate by thumbprint); when null the platform's chain validation applies.
    /// </summary>
    public RemoteCertificateValidationCallback? TlsRemoteCertificateValidation { get; set; }
}
