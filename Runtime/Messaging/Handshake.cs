using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;

namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// Challenge-response handshake run on every new connection before any other frame, with
/// mutual proof of the shared secret. All steps are frames (<see cref="FrameCodec"/>) with
/// correlation id 0 and payloads of at most <see cref="MaxHandshakeFrameBytes"/>:
/// <code>
/// connector -> acceptor  Hello     = body(connector identity, nonce Nc)
/// acceptor  -> connector Challenge = body(acceptor identity, nonce Na) ++ HMAC(secret, "OSYN acceptor"  ++ Hello ++ body)
/// connector -> acceptor  Proof     = HMAC(secret, "OSYN connector" ++ Hello ++ body)
/// acceptor  -> connector Accepted  (empty)
/// </code>
/// "body" is <see cref="HandshakeMessage"/>; each HMAC-SHA256 covers both sides' messages (so
/// both nonces, cluster ids and identities). A side that sees a wrong magic, protocol version,
/// cluster id or proof first sends Rejected (UTF-8 reason, either direction), then closes the connection.
/// </summary>
internal static class Handshake
{
    public const ushort ProtocolVersion = 1;
    public const int MaxHandshakeFrameBytes = 2048;
    public const int ProofBytes = 32;
    private static readonly byte[] AcceptorLabel = Encoding.ASCII.GetBytes("OSYN acceptor");
    private static readonly byte[] ConnectorLabel = Encoding.ASCII.GetBytes("OSYN connector");

    /// <summary>Runs the connecting side; returns the acceptor's (silo) identity.</summary>
    public static async Task<PeerIdentity> ConnectAsync(PipeReader reader, PipeWriter writer, HandshakeSettings settings, CancellationToken cancellationToken)
    {
        var hello = new HandshakeMessage(ProtocolVersion, settings.ClusterId, settings.Local, NewNonce()).Encode();
        await WriteAsync(writer, FrameKind.Hello, hello, cancellationToken).ConfigureAwait(false);
        var (header, payload) = await ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        Expect(header, FrameKind.Challenge, payload);
        var challenge = HandshakeMessage.Decode(payload, out var bodyLength);
        var problem = CheckPeer(challenge, settings);
        if (problem is null && (challenge.Identity.Silo is null || payload.Length != bodyLength + ProofBytes))
        {
            problem = "the acceptor's challenge is not a silo challenge with a proof";
        }

        if (problem is null && !CryptographicOperations.FixedTimeEquals(payload.AsSpan(bodyLength), Prove(settings.Secret, AcceptorLabel, hello, payload.AsSpan(0, bodyLength))))
        {
            problem = "the acceptor's proof of the shared secret is wrong (the sides hold different secrets)";
        }

        if (problem is not null)
        {
            // Tell the acceptor why, so both sides log the same clear reason.
            await RejectAsync(writer, problem, cancellationToken).ConfigureAwait(false);
            throw new HandshakeFailedException(problem);
        }

        var body = payload.AsSpan(0, bodyLength).ToArray();
        await WriteAsync(writer, FrameKind.Proof, Prove(settings.Secret, ConnectorLabel, hello, body), cancellationToken).ConfigureAwait(false);
        (header, payload) = await ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        Expect(header, FrameKind.Accepted, payload);
        return challenge.Identity;
    }

    /// <summary>Runs the accepting side; returns the connector's identity.</summary>
    public static async Task<PeerIdentity> AcceptAsync(PipeReader reader, PipeWriter writer, HandshakeSettings settings, CancellationToken cancellationToken)
    {
        var (header, hello) = await ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        Expect(header, FrameKind.Hello, hello);
        var peer = HandshakeMessage.Decode(hello, out var helloLength);
        var problem = helloLength != hello.Length ? "trailing bytes after the Hello message" : CheckPeer(peer, settings);
        if (problem is not null)
        {
            await RejectAsync(writer, problem, cancellationToken).ConfigureAwait(false);
            throw new HandshakeFailedException(problem);
        }

        var body = new HandshakeMessage(ProtocolVersion, settings.ClusterId, settings.Local, NewNonce()).Encode();
        var challenge = new byte[body.Length + ProofBytes];
        body.CopyTo(challenge, 0);
        Prove(settings.Secret, AcceptorLabel, hello, body).CopyTo(challenge, body.Length);
        await WriteAsync(writer, FrameKind.Challenge, challenge, cancellationToken).ConfigureAwait(false);

        (header, var proof) = await ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        Expect(header, FrameKind.Proof, proof);
        if (!CryptographicOperations.FixedTimeEquals(proof, Prove(settings.Secret, ConnectorLabel, hello, body)))
        {
            const string BadProof = "the connector's proof of the shared secret is wrong (the sides hold different secrets)";
            await RejectAsync(writer, BadProof, cancellationToken).ConfigureAwait(false);
            throw new HandshakeFailedException(BadProof);
        }

        await WriteAsync(writer, FrameKind.Accepted, [], cancellationToken).ConfigureAwait(false);
        return peer.Identity;
    }

    private static string? CheckPeer(HandshakeMessage peer, HandshakeSettings settings)
    {
        if (peer.ProtocolVersion != ProtocolVersion)
        {
            return $"protocol version mismatch: expected {ProtocolVersion}, got {peer.ProtocolVersion}";
        }

        return peer.ClusterId == settings.ClusterId
            ? null
            : $"cluster id mismatch: expected '{settings.ClusterId}', got '{peer.ClusterId}'";
    }

    private static void Expect(FrameHeader header, FrameKind expected, byte[] payload)
    {
        if (header.Kind == FrameKind.Rejected)
        {
            throw new HandshakeFailedException($"rejected by the peer: {Encoding.UTF8.GetString(payload)}");
        }

        if (header.Kind != expected || header.CorrelationId != 0)
        {
            throw new HandshakeFailedException($"expected a {expected} frame, got {header.Kind}");
        }
    }

    private static byte[] Prove(byte[] secret, byte[] label, ReadOnlySpan<byte> hello, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(label);
        hmac.AppendData(hello);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static byte[] NewNonce() => RandomNumberGenerator.GetBytes(HandshakeMessage.NonceBytes);

    private static async Task RejectAsync(PipeWriter writer, string reason, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(reason);
        await WriteAsync(writer, FrameKind.Rejected, bytes.AsSpan(0, Math.Min(bytes.Length, MaxHandshakeFrameBytes)).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(PipeWriter writer, FrameKind kind, byte[] payload, CancellationToken cancellationToken)
    {
        FrameCodec.Write(writer, kind, 0, payload);
        var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            throw new HandshakeFailedException("the connection closed during the handshake");
        }
    }

    private static async Task<(FrameHeader Header, byte[] Payload)> ReadAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool complete;
            FrameHeader header;
            byte[] payload;
            try
            {
                complete = FrameCodec.TryRead(ref buffer, MaxHandshakeFrameBytes, out header, out payload);
            }
            catch (MalformedFrameException ex)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new HandshakeFailedException($"malformed handshake frame: {ex.Message}", ex);
            }

            if (complete)
            {
                // Bytes after this frame (the first frames of the session) stay unexamined for the next reader.
                reader.AdvanceTo(buffer.Start);
                return (header, payload);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);

            if (result.IsCompleted)
            {
                throw new HandshakeFailedException("the connection closed during the handshake");
            }
        }
    }
}
