using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;

namespace OrleansSync.Grains.Security;

/// <summary>Puts <see cref="SharedSecretHandshake"/> in front of every Orleans connection of a silo or a client.</summary>
public static class SharedSecretHostingExtensions
{
    /// <summary>Silo side: inbound silo and gateway connections accept, outbound silo connections connect.</summary>
    public static ISiloBuilder UseSharedSecret(this ISiloBuilder builder, SharedSecretOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (acceptor, connector) = Create(options, loggers);
        builder.Configure<SiloConnectionOptions>(connections =>
        {
            connections.ConfigureSiloInboundConnection(pipeline => pipeline.UseMiddleware(acceptor));
            connections.ConfigureGatewayInboundConnection(pipeline => pipeline.UseMiddleware(acceptor));
            connections.ConfigureSiloOutboundConnection(pipeline => pipeline.UseMiddleware(connector));
        });
        return builder;
    }

    /// <summary>Client side: every gateway connection connects.</summary>
    public static IClientBuilder UseSharedSecret(this IClientBuilder builder, SharedSecretOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (_, connector) = Create(options, loggers);
        builder.Configure<ClientConnectionOptions>(connections => connections.ConfigureConnection(pipeline => pipeline.UseMiddleware(connector)));
        return builder;
    }

    private static (SharedSecretHandshake Acceptor, SharedSecretHandshake Connector) Create(SharedSecretOptions options, ILoggerFactory? loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Secret.Length < SharedSecretOptions.MinSecretLength)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"The shared secret must be at least {SharedSecretOptions.MinSecretLength} characters.");
        }

        if (options.HandshakeTimeoutMs is < 1 or > 600_000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.HandshakeTimeoutMs, "HandshakeTimeoutMs must be 1 to 600000.");
        }

        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<SharedSecretHandshake>();
        var timeout = TimeSpan.FromMilliseconds(options.HandshakeTimeoutMs);
        return (new SharedSecretHandshake(options.Secret, isConnector: false, timeout, logger), new SharedSecretHandshake(options.Secret, isConnector: true, timeout, logger));
    }
}
