using System.Text;
using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Tests.Messaging;

/// <summary>Bad peers are rejected with a clear log line and only their own connection closes.</summary>
public sealed class HandshakeAndFramingTests : IAsyncLifetime
{
    private readonly TransportFixture _fixture = new();
    private MessageTransport _server = null!;
    private SiloAddress _silo = null!;
    private MessageTransport _goodClient = null!;

    public async Task InitializeAsync()
    {
        (_server, _silo) = await _fixture.StartSiloAsync();
        _goodClient = _fixture.Create();
        await AssertGoodClientWorksAsync();
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Handshake_WrongSecret_RejectedWithLogAndGoodConnectionUnaffected()
    {
        var intruder = _fixture.Create(options: TransportFixture.Options(secret: "not-the-shared-secret-at-all"));

        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => intruder.SendRequestAsync(_silo.Endpoint, "x"u8.ToArray()));

        Assert.IsType<HandshakeFailedException>(error.InnerException);
        await _fixture.Logs.WaitForLineAsync("Rejected inbound connection", "proof of the shared secret is wrong");
        await AssertGoodClientWorksAsync();
    }

    [Fact]
    public async Task Handshake_WrongClusterId_RejectedWithLogAndGoodConnectionUnaffected()
    {
        var stranger = _fixture.Create(options: TransportFixture.Options(clusterId: "other-cluster"));

        var error = await Assert.ThrowsAsync<ConnectionFailedException>(() => stranger.SendRequestAsync(_silo.Endpoint, "x"u8.ToArray()));

        Assert.Contains("cluster id mismatch", error.Message, StringComparison.Ordinal);
        await _fixture.Logs.WaitForLineAsync("Rejected inbound connection", "cluster id mismatch: expected 'test-cluster', got 'other-cluster'");
        await AssertGoodClientWorksAsync();
    }

    [Fact]
    public async Task Handshake_GarbageBytes_RejectedWithLogAndOnlyThatConnectionCloses()
    {
        await using var peer = await RawPeer.ConnectAsync(_silo.Endpoint);

        await peer.WriteAsync(Enumerable.Repeat((byte)0xAB, 64).ToArray());

        Assert.True(await peer.IsClosedByRemoteAsync());
        await _fixture.Logs.WaitForLineAsync("Rejected inbound connection", "malformed handshake frame");
        await AssertGoodClientWorksAsync();
    }

    [Fact]
    public async Task Handshake_WellFramedButWrongMagic_Rejected()
    {
        await using var peer = await RawPeer.ConnectAsync(_silo.Endpoint);
        var body = new byte[48];

        await peer.WriteAsync([.. RawPeer.Header((uint)body.Length, (byte)FrameKind.Hello, correlationId: 0), .. body]);

        Assert.True(await peer.IsClosedByRemoteAsync());
        await _fixture.Logs.WaitForLineAsync("Rejected inbound connection", "bad magic");
        await AssertGoodClientWorksAsync();
    }

    [Fact]
    public async Task Handshake_PeerSendsNothing_RejectedAfterHandshakeTimeout()
    {
        await using var fixture = new TransportFixture();
        var options = TransportFixture.Options();
        options.HandshakeTimeoutMs = 200;
        var (_, silo) = await fixture.StartSiloAsync(options: options);
        await using var peer = await RawPeer.ConnectAsync(silo.Endpoint);

        Assert.True(await peer.IsClosedByRemoteAsync());
        await fixture.Logs.WaitForLineAsync("Rejected inbound connection", "no complete handshake within 200 ms");
    }

    [Fact]
    public async Task Frame_OversizedAfterHandshake_ClosesOnlyThatConnection()
    {
        await using var peer = await RawPeer.ConnectAsync(_silo.Endpoint);
        await peer.HandshakeAsClientAsync();
        var limit = TransportFixture.Options().MaxFrameBytes;

        await peer.WriteAsync(RawPeer.Header((uint)limit + 1, (byte)FrameKind.Request));

        Assert.True(await peer.IsClosedByRemoteAsync());
        await _fixture.Logs.WaitForLineAsync("malformed frame", $"exceeds the limit of {limit} bytes");
        await AssertGoodClientWorksAsync();
    }

    [Theory]
    [InlineData(0x7F, 0, "Unknown frame kind 0x7f")]
    [InlineData((int)FrameKind.Request, 1, "Reserved header bytes are not zero")]
    [InlineData((int)FrameKind.Hello, 0, "unexpected Hello frame after the handshake")]
    public async Task Frame_MalformedHeaderAfterHandshake_ClosesOnlyThatConnection(int kind, int reserved, string expectedReason)
    {
        await using var peer = await RawPeer.ConnectAsync(_silo.Endpoint);
        await peer.HandshakeAsClientAsync();

        await peer.WriteAsync(RawPeer.Header(0, (byte)kind, (byte)reserved));

        Assert.True(await peer.IsClosedByRemoteAsync());
        await _fixture.Logs.WaitForLineAsync("malformed frame", expectedReason);
        await AssertGoodClientWorksAsync();
    }

    [Fact]
    public async Task Frame_ValidRequestFromRawPeer_IsAnswered()
    {
        await using var peer = await RawPeer.ConnectAsync(_silo.Endpoint);
        await peer.HandshakeAsClientAsync();

        await peer.WriteAsync([.. RawPeer.Header(2, (byte)FrameKind.Request, correlationId: 42), .. "hi"u8.ToArray()]);

        // Proves the raw peer's framing is right, so the rejections above are about the bad bytes only.
        await _fixture.Logs.WaitForLineAsync("established (inbound)", "raw-peer");
        Assert.Equal(2, _server.OpenConnectionCount);
    }

    private async Task AssertGoodClientWorksAsync()
    {
        var response = await _goodClient.SendRequestAsync(_silo.Endpoint, "still-fine"u8.ToArray());
        Assert.Equal("still-fine", Encoding.UTF8.GetString(response.Span));
        Assert.Equal(1, _goodClient.OpenConnectionCount);
    }
}
