using System.Buffers;
using System.Text;
using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

[Trait("Category", "Redis")]
public sealed class RespWriterTests
{
    [Fact]
    public void WriteCommand_TextBytesAndIntegers_EncodesArrayOfBulkStrings()
    {
        var output = new ArrayBufferWriter<byte>();

        RespWriter.WriteCommand(output, ["SET", "kéy", new byte[] { 0, 13, 10 }, -15L, string.Empty]);

        Assert.Equal("*5\r\n$3\r\nSET\r\n$4\r\nkéy\r\n$3\r\n\0\r\n\r\n$3\r\n-15\r\n$0\r\n\r\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WriteCommand_NoArguments_Throws()
    {
        Assert.Throws<ArgumentException>(() => RespWriter.WriteCommand(new ArrayBufferWriter<byte>(), []));
    }

    [Fact]
    public void RedisServerException_Prefix_IsTheUpperCaseFirstWord()
    {
        Assert.Equal("WRONGTYPE", new RedisServerException("WRONGTYPE Operation against a key").Prefix);
        Assert.Equal("NOSCRIPT", new RedisServerException("NOSCRIPT No matching script").Prefix);
        Assert.Equal("ERR", new RedisServerException("unknown command 'x'").Prefix);
    }
}
