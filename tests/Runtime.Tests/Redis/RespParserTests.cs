using System.Buffers;
using System.Text;
using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

[Trait("Category", "Redis")]
public sealed class RespParserTests
{
    private static readonly RespParser Parser = new(maxBulkBytes: 1024, maxArrayElements: 16, maxNestingDepth: 4, maxLineBytes: 64);

    [Fact]
    public void TryParse_Resp2Scalars_GivesTypedReplies()
    {
        var replies = ParseAll("+OK\r\n-WRONGTYPE bad\r\n:-42\r\n:9223372036854775807\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n");

        Assert.Equal([RedisReplyKind.SimpleString, RedisReplyKind.Error, RedisReplyKind.Integer, RedisReplyKind.Integer, RedisReplyKind.BulkString, RedisReplyKind.BulkString, RedisReplyKind.Null, RedisReplyKind.Null], replies.Select(reply => reply.Kind));
        Assert.Equal("OK", replies[0].AsString());
        Assert.Equal("WRONGTYPE bad", replies[1].AsString());
        Assert.Equal(-42, replies[2].AsInteger());
        Assert.Equal(long.MaxValue, replies[3].AsInteger());
        Assert.Equal("hello", replies[4].AsString());
        Assert.Equal(string.Empty, replies[5].AsString());
        Assert.Null(replies[6].AsBytes());
        Assert.True(replies[7].IsNull);
    }

    [Fact]
    public void TryParse_BulkStringWithCrlfInside_KeepsBinaryPayload()
    {
        var reply = Assert.Single(ParseAll("$6\r\na\r\nb\0c\r\n"));

        Assert.Equal("a\r\nb\0c"u8.ToArray(), reply.AsBytes());
    }

    [Fact]
    public void TryParse_NestedArrays_KeepsStructure()
    {
        var reply = Assert.Single(ParseAll("*3\r\n:1\r\n*2\r\n$1\r\na\r\n*0\r\n$-1\r\n"));

        Assert.Equal(RedisReplyKind.Array, reply.Kind);
        Assert.Equal(3, reply.Elements.Count);
        Assert.Equal(1, reply.Elements[0].AsInteger());
        Assert.Equal("a", reply.Elements[1].Elements[0].AsString());
        Assert.Empty(reply.Elements[1].Elements[1].Elements);
        Assert.True(reply.Elements[2].IsNull);
    }

    [Fact]
    public void TryParse_Resp3Types_GivesTypedReplies()
    {
        var replies = ParseAll("_\r\n#t\r\n#f\r\n,3.25\r\n,inf\r\n(-12345678901234567890\r\n=8\r\ntxt:abcd\r\n!5\r\nERR x\r\n%1\r\n+k\r\n:1\r\n~2\r\n:1\r\n:2\r\n>2\r\n+message\r\n$1\r\nx\r\n");

        Assert.Equal(
            [RedisReplyKind.Null, RedisReplyKind.Boolean, RedisReplyKind.Boolean, RedisReplyKind.Double, RedisReplyKind.Double, RedisReplyKind.BigNumber, RedisReplyKind.VerbatimString, RedisReplyKind.Error, RedisReplyKind.Map, RedisReplyKind.Set, RedisReplyKind.Push],
            replies.Select(reply => reply.Kind));
        Assert.Equal(1, replies[1].AsInteger());
        Assert.Equal(0, replies[2].AsInteger());
        Assert.Equal("3.25", replies[3].AsString());
        Assert.Equal("-12345678901234567890", replies[5].AsString());
        Assert.Equal("abcd", replies[6].AsString());
        Assert.Equal("ERR x", replies[7].AsString());
        Assert.Equal(["k", "1"], replies[8].Elements.Select(element => element.AsString()));
        Assert.Equal(2, replies[9].Elements.Count);
        Assert.Equal("message", replies[10].Elements[0].AsString());
    }

    [Fact]
    public void TryParse_EveryStrictPrefix_NeedsMoreDataAndConsumesNothing()
    {
        var bytes = Encoding.UTF8.GetBytes("*4\r\n+OK\r\n$5\r\nhello\r\n*2\r\n:7\r\n$-1\r\n%1\r\n#t\r\n,1.5\r\n");

        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(Parser.TryParse(ref buffer, out _), $"a prefix of {length} bytes parsed as a whole reply");
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void TryParse_SplitIntoSegmentsAtEveryByte_ParsesTheSameReplies()
    {
        var bytes = Encoding.UTF8.GetBytes("*3\r\n+OK\r\n$5\r\nhe\r\no\r\n*1\r\n:-7\r\n:12\r\n");
        var expected = ParseAll(bytes);

        for (var first = 0; first < bytes.Length; first++)
        {
            for (var second = first; second < bytes.Length; second++)
            {
                var actual = ParseAll(TestSegment.Split(bytes, [first, second]));
                Assert.Equal(expected.Count, actual.Count);
                for (var index = 0; index < expected.Count; index++)
                {
                    RespReplyAssert.Equal(expected[index], actual[index]);
                }
            }
        }
    }

    [Theory]
    [InlineData("?x\r\n", "unknown type prefix")]
    [InlineData(":12a\r\n", "invalid integer")]
    [InlineData(":\r\n", "invalid integer")]
    [InlineData(":+5\r\n", "invalid integer")]
    [InlineData(":123456789012345678901\r\n", "invalid integer")]
    [InlineData("$-2\r\n", "negative length")]
    [InlineData("$x\r\n", "invalid bulk length")]
    [InlineData("$3\r\nabcd\r\n", "not terminated by CRLF")]
    [InlineData("*-5\r\n", "negative length")]
    [InlineData("+OK\nmore\r\n", "bare CR or LF")]
    [InlineData("+OK\n", "bare LF")]
    [InlineData("+O\rK\r\n", "bare CR or LF")]
    [InlineData("_x\r\n", "null must have an empty line")]
    [InlineData("#x\r\n", "boolean")]
    [InlineData(",abc\r\n", "invalid RESP3 double")]
    [InlineData("(12a\r\n", "big number")]
    [InlineData("=3\r\nabc\r\n", "verbatim")]
    [InlineData("|1\r\n+a\r\n+b\r\n", "attributes are not supported")]
    [InlineData("*1\r\n?\r\n", "unknown type prefix")]
    public void TryParse_MalformedInput_ThrowsProtocolException(string input, string expectedMessage)
    {
        var exception = Assert.Throws<RedisProtocolException>(() => ParseAll(input));

        Assert.Contains(expectedMessage, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$1025\r\n", "MaxBulkBytes=1024")]
    [InlineData("*17\r\n", "MaxArrayElements=16")]
    [InlineData("%9\r\n", "MaxArrayElements=16")]
    [InlineData("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n", "MaxNestingDepth=4")]
    public void TryParse_OverLimit_ThrowsBeforeBufferingThePayload(string header, string expectedMessage)
    {
        var exception = Assert.Throws<RedisProtocolException>(() => ParseAll(header));

        Assert.Contains(expectedMessage, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LineLongerThanLimitWithoutCrlf_ThrowsInsteadOfWaiting()
    {
        var exception = Assert.Throws<RedisProtocolException>(() => ParseAll("+" + new string('a', 100)));

        Assert.Contains("MaxLineBytes=64", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NestingAtTheLimit_Parses()
    {
        var reply = Assert.Single(ParseAll("*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n"));

        Assert.Equal(1, reply.Elements[0].Elements[0].Elements[0].Elements[0].AsInteger());
    }

    [Fact]
    public void AsInteger_OnBulkStringThatIsNotANumber_ThrowsProtocolException()
    {
        var reply = Assert.Single(ParseAll("$3\r\nabc\r\n"));

        var exception = Assert.Throws<RedisProtocolException>(() => reply.AsInteger());
        Assert.Contains("expected an integer", exception.Message, StringComparison.Ordinal);
    }

    private static List<RedisReply> ParseAll(string input) => ParseAll(Encoding.UTF8.GetBytes(input));

    private static List<RedisReply> ParseAll(byte[] input) => ParseAll(new ReadOnlySequence<byte>(input));

    private static List<RedisReply> ParseAll(ReadOnlySequence<byte> buffer)
    {
        var replies = new List<RedisReply>();
        while (Parser.TryParse(ref buffer, out var reply))
        {
            replies.Add(reply);
        }

        Assert.True(buffer.IsEmpty, $"{buffer.Length} bytes left unparsed");
        return replies;
    }
}
