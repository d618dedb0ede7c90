namespace OrleansSync.Grains.Security;

/// <summary>The cluster's shared secret, proven on every Orleans connection (<see cref="SharedSecretHandshake"/>).</summary>
public sealed class SharedSecretOptions
{
    /// <summary>Shortest secret accepted: a short secret is guessable offline from one recorded handshake.</summary>
    public const int MinSecretLength = 16;

    public const int DefaultHandshakeTimeoutMs = 10_000;

    /// <summary>The secret every silo and client of the cluster holds; never sent.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>How long one handshake may take before the connection is closed.</summary>
    public int HandshakeTimeoutMs { get; set; } = DefaultHandshakeTimeoutMs;
}
