using System.Buffers;
using System.IO.Pipelines;
using OrleansSync.Runtime.Messaging;

namespace OrleansSync.Runtime.Tests.Messaging;

public sealed class FrameCodecTests
{
    [Fact]
    public async Task WriteThenTryRead_RoundTripsKindCorrelationAndPayload()
    {
        var pipe = new Pipe();
        FrameCodec.Write(pipe.Writer, FrameKind.Response, long.MaxValue - 3, [1, 2, 3]);
        FrameCodec.Write(pipe.Writer, FrameKind.OneWay, 0, []);
        await pipe.Writer.FlushAsync();
        var result = await pipe.Reader.ReadAsync();
        var buffer = result.Buffer;

        Assert.True(FrameCodec.TryRead(ref buffer, 16, out var first, out var firstPayload));
        Assert.True(FrameCodec.TryRead(ref buffer, 16, out var second, out var secondPayload));
        Assert.False(FrameCodec.TryRead(ref buffer, 16, out _, out _));

        Assert.Equal(new FrameHeader(FrameKind.Response, long.MaxValue - 3, 3), first);
        Assert.Equal([1, 2, 3], firstPayload);
        Assert.Equal(new FrameHeader(FrameKind.OneWay, 0, 0), second);
        Assert.Empty(secondPayload);
    }

    [Fact]
    public void TryRead_PartialFrame_ReturnsFalseAndConsumesNothing()
    {
        byte[] bytes = [.. RawPeer.Header(4, (byte)FrameKind.Request), 9, 9];
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.False(FrameCodec.TryRead(ref buffer, 16, out _, out _));
        Assert.Equal(bytes.Length, buffer.Length);
    }

    [Fact]
    public void TryRead_OversizedHeader_ThrowsBeforePayloadArrives()
    {
        var buffer = new ReadOnlySequence<byte>(RawPeer.Header(17, (byte)FrameKind.Request));

        var error = Assert.Throws<MalformedFrameException>(() => FrameCodec.TryRead(ref buffer, 16, out _, out _));

        Assert.Contains("exceeds the limit of 16 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NegativeLength_IsMalformed()
    {
        Assert.Throws<MalformedFrameException>(() => FrameCodec.Decode(RawPeer.Header(0x8000_0000, (byte)FrameKind.Request), 16));
    }
}
