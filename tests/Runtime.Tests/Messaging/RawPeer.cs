using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansSync.Runtime.Messaging;

namespace OrleansSync.Runtime.Tests.Messaging;

/// <summary>A hand-driven TCP peer for sending bytes a real transport never would.</summary>
public sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpClient _client = new() { NoDelay = true };

    private NetworkStream Stream => _client.GetStream();

    public static async Task<RawPeer> ConnectAsync(string endpoint)
    {
        var target = IPEndPoint.Parse(endpoint);
        var peer = new RawPeer();
        await peer._client.ConnectAsync(target);
        return peer;
    }

    /// <summary>Runs a correct client handshake so later bytes reach the frame reader.</summary>
    public async Task HandshakeAsClientAsync(string clusterId = "test-cluster", string secret = TransportFixture.Secret)
    {
        var reader = PipeReader.Create(Stream, new StreamPipeReaderOptions(leaveOpen: true));
        var writer = PipeWriter.Create(Stream, new StreamPipeWriterOptions(leaveOpen: true));
        var settings = new HandshakeSettings(clusterId, Encoding.UTF8.GetBytes(secret), new PeerIdentity(null, "raw-peer"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Handshake.ConnectAsync(reader, writer, settings, timeout.Token);
        await writer.CompleteAsync();
        await reader.CompleteAsync();
    }

    public async Task WriteAsync(byte[] bytes) => await Stream.WriteAsync(bytes);

    /// <summary>A frame header with arbitrary fields (big-endian, see FrameCodec).</summary>
    public static byte[] Header(uint payloadLength, byte kind, byte reserved = 0, long correlationId = 1)
    {
        var header = new byte[FrameCodec.HeaderBytes];
        BinaryPrimitives.WriteUInt32BigEndian(header, payloadLength);
        header[4] = kind;
        header[5] = reserved;
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(8), correlationId);
        return header;
    }

    /// <summary>True once the remote side has closed the connection (reads until end of stream).</summary>
    public async Task<bool> IsClosedByRemoteAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        try
        {
            while (await Stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
