using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;

namespace OrleansSync.Grains.Security;

/// <summary>
/// Proves, on every Orleans connection (silo to silo, client to gateway), that both ends hold the
/// cluster's shared secret, before Orleans sends a byte of its own (ADR 0012). Mutual
/// challenge-response with fresh nonces; the secret itself never crosses the wire:
/// <code>
/// connector -> acceptor  "OSYN" version Nc
/// acceptor  -> connector Na HMAC(secret, "OSYN acceptor"  Nc Na)
/// connector -> acceptor  HMAC(secret, "OSYN connector" Nc Na)
/// acceptor  -> connector 0x01
/// </code>
/// A side that sees a wrong magic, version or proof closes the connection without going on, so a
/// process without the secret can neither join nor call grains. The whole exchange has a deadline.
/// </summary>
public sealed partial class SharedSecretHandshake : IConnectionMiddleware
{
    public const int NonceBytes = 32;
    public const int ProofBytes = 32;
    private const byte Version = 1;
    private const byte Accepted = 1;
    private static readonly byte[] Magic = "OSYN"u8.ToArray();
    private static readonly byte[] AcceptorLabel = "OSYN acceptor"u8.ToArray();
    private static readonly byte[] ConnectorLabel = "OSYN connector"u8.ToArray();

    private readonly byte[] _secret;
    private readonly bool _isConnector;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;

    /// <param name="secret">The cluster's shared secret (at least <see cref="SharedSecretOptions.MinSecretLength"/> characters).</param>
    /// <param name="isConnector">True on the side that opened the connection (outbound silo connections, clients).</param>
    /// <param name="timeout">How long the whole exchange may take.</param>
    /// <param name="logger">Where refusals are logged.</param>
    public SharedSecretHandshake(string secret, bool isConnector, TimeSpan timeout, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _secret = Encoding.UTF8.GetBytes(secret);
        _isConnector = isConnector;
        _timeout = timeout;
        _logger = logger;
    }

    public async Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.ConnectionClosed);
        deadline.CancelAfter(_timeout);
        string? refusal;
        try
        {
            refusal = _isConnector
                ? await ConnectAsync(context.Transport, deadline.Token)
                : await AcceptAsync(context.Transport, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            refusal = $"no complete handshake within {_timeout.TotalMilliseconds:0} ms";
        }
        catch (Exception exception) when (exception is IOException or ConnectionResetException or InvalidOperationException)
        {
            refusal = $"the connection failed during the handshake ({exception.Message})";
        }

        if (refusal is not null)
        {
            LogRefused(_logger, context.RemoteEndPoint?.ToString() ?? "unknown", refusal);
            context.Abort(new ConnectionAbortedException($"Shared-secret handshake failed: {refusal}"));
            return;
        }

        await next(context);
    }

    private async Task<string?> ConnectAsync(IDuplexPipe transport, CancellationToken cancellationToken)
    {
        var connectorNonce = RandomNumberGenerator.GetBytes(NonceBytes);
        await WriteAsync(transport.Output, [.. Magic, Version, .. connectorNonce], cancellationToken);
        var challenge = await ReadExactlyAsync(transport.Input, NonceBytes + ProofBytes, cancellationToken);
        if (challenge is null)
        {
            return "the acceptor closed the connection (it holds another secret, or none)";
        }

        var acceptorNonce = challenge.AsSpan(0, NonceBytes).ToArray();
        if (!CryptographicOperations.FixedTimeEquals(challenge.AsSpan(NonceBytes), Prove(AcceptorLabel, connectorNonce, acceptorNonce)))
        {
            return "the acceptor's proof of the shared secret is wrong (the sides hold different secrets)";
        }

        await WriteAsync(transport.Output, Prove(ConnectorLabel, connectorNonce, acceptorNonce), cancellationToken);
        var verdict = await ReadExactlyAsync(transport.Input, 1, cancellationToken);
        return verdict is [Accepted] ? null : "the acceptor refused this side's proof of the shared secret";
    }

    private async Task<string?> AcceptAsync(IDuplexPipe transport, CancellationToken cancellationToken)
    {
        var hello = await ReadExactlyAsync(transport.Input, Magic.Length + 1 + NonceBytes, cancellationToken);
        if (hello is null || !hello.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return "the connector did not start a shared-secret handshake";
        }

        if (hello[Magic.Length] != Version)
        {
            return $"handshake version {hello[Magic.Length]} is not {Version}";
        }

        var connectorNonce = hello.AsSpan(Magic.Length + 1).ToArray();
        var acceptorNonce = RandomNumberGenerator.GetBytes(NonceBytes);
        await WriteAsync(transport.Output, [.. acceptorNonce, .. Prove(AcceptorLabel, connectorNonce, acceptorNonce)], cancellationToken);
        var proof = await ReadExactlyAsync(transport.Input, ProofBytes, cancellationToken);
        if (proof is null || !CryptographicOperations.FixedTimeEquals(proof, Prove(ConnectorLabel, connectorNonce, acceptorNonce)))
        {
            return "the connector's proof of the shared secret is wrong (the sides hold different secrets)";
        }

        await WriteAsync(transport.Output, [Accepted], cancellationToken);
        return null;
    }

    private byte[] Prove(byte[] label, byte[] connectorNonce, byte[] acceptorNonce)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        hmac.AppendData(label);
        hmac.AppendData(connectorNonce);
        hmac.AppendData(acceptorNonce);
        return hmac.GetHashAndReset();
    }

    private static async Task WriteAsync(PipeWriter output, byte[] bytes, CancellationToken cancellationToken)
    {
        await output.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, leaving anything after them for Orleans; null if the peer closed first.</summary>
    private static async Task<byte[]?> ReadExactlyAsync(PipeReader input, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                input.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the Orleans connection with {Remote}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string remote, string reason);
}
