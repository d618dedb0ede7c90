using System.Buffers;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using OrleansSync.Runtime.Redis;
using Xunit.Abstractions;

namespace OrleansSync.Runtime.Tests.Redis;

[Trait("Category", "Redis")]
public sealed class RespPropertyTests(ITestOutputHelper output)
{
    private static readonly RespParser Parser = new(maxBulkBytes: 4096, maxArrayElements: 64, maxNestingDepth: 8, maxLineBytes: 256);

    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(value => (byte)value);

    /// <summary>Bytes allowed in a simple string or error line: printable ASCII.</summary>
    private static readonly Gen<byte> LineByte = Gen.Choose(32, 126).Select(value => (byte)value);

    private static readonly Gen<long> AnyLong =
        Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(int.MinValue, int.MaxValue))
            .Select(pair => ((long)pair.Item1 << 32) | (uint)pair.Item2);

    [Fact]
    public void Parse_OfEncodedReply_RoundTrips()
    {
        var property = Prop.ForAll(ReplyGen(3).ToArbitrary(), reply =>
        {
            var buffer = new ReadOnlySequence<byte>(RespTestEncoder.Encode(reply));
            return Parser.TryParse(ref buffer, out var parsed) && buffer.IsEmpty && RespReplyAssert.AreEqual(reply, parsed);
        });

        SeededProperty.Check(output, property);
    }

    [Fact]
    public void Parse_OfRepliesSplitIntoRandomSegments_GivesTheSameReplies()
    {
        var cases = from replies in Gen.ArrayOf(ReplyGen(2)).Where(list => list.Length > 0)
                    from cuts in Gen.ArrayOf(Gen.Choose(0, 4096))
                    select (replies, cuts);
        var property = Prop.ForAll(cases.ToArbitrary(), @case =>
        {
            var bytes = RespTestEncoder.Encode(@case.replies);
            var buffer = TestSegment.Split(bytes, @case.cuts.Select(cut => cut % (bytes.Length + 1)).ToList());
            var parsed = new List<RedisReply>();
            while (Parser.TryParse(ref buffer, out var reply))
            {
                parsed.Add(reply);
            }

            return buffer.IsEmpty
                && parsed.Count == @case.replies.Length
                && @case.replies.Zip(parsed).All(pair => RespReplyAssert.AreEqual(pair.First, pair.Second));
        });

        SeededProperty.Check(output, property);
    }

    [Fact]
    public void Parse_OfCorruptedOrRandomBytes_EitherParsesWaitsOrThrowsProtocolException()
    {
        var corrupted = from reply in ReplyGen(2)
                        from position in Gen.Choose(0, int.MaxValue)
                        from value in AnyByte
                        select Corrupt(RespTestEncoder.Encode(reply), position, value);
        var randomBytes = Gen.ArrayOf(Gen.Frequency((3, AnyByte), (2, Gen.Elements("+-:$*_#,(!=%~>\r\n0123456789"u8.ToArray()))));
        var property = Prop.ForAll(Gen.OneOf(corrupted, randomBytes).ToArbitrary(), bytes =>
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                while (Parser.TryParse(ref buffer, out _))
                {
                }

                return true;
            }
            catch (RedisProtocolException)
            {
                return true;
            }
        });

        SeededProperty.Check(output, property, maxTests: 1000);
    }

    private static byte[] Corrupt(byte[] bytes, int position, byte value)
    {
        bytes[position % bytes.Length] = value;
        return bytes;
    }

    private static Gen<RedisReply> ReplyGen(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.ArrayOf(LineByte).Select(bytes => RedisReply.SimpleString(bytes)),
            Gen.ArrayOf(LineByte).Select(bytes => RedisReply.Error(bytes)),
            AnyLong.Select(RedisReply.FromInteger),
            Gen.ArrayOf(AnyByte).Select(bytes => RedisReply.BulkString(bytes)),
            Gen.Constant(RedisReply.Null),
            Gen.Elements(true, false).Select(RedisReply.FromBoolean),
            Gen.Choose(-100_000, 100_000).Select(value => RedisReply.Text(RedisReplyKind.Double, Encoding.ASCII.GetBytes((value / 8.0).ToString("R", CultureInfo.InvariantCulture)))),
            AnyLong.Select(value => RedisReply.Text(RedisReplyKind.BigNumber, Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture) + "123"))),
            Gen.ArrayOf(AnyByte).Select(bytes => RedisReply.Text(RedisReplyKind.VerbatimString, (byte[])[.. "txt:"u8, .. bytes])));
        if (depth == 0)
        {
            return scalar;
        }

        var element = ReplyGen(depth - 1);
        var aggregate = from kind in Gen.Elements(RedisReplyKind.Array, RedisReplyKind.Set, RedisReplyKind.Push, RedisReplyKind.Map)
                        from count in Gen.Choose(0, 5)
                        from elements in Gen.ArrayOf(element, kind == RedisReplyKind.Map ? count * 2 : count)
                        select RedisReply.Aggregate(kind, elements);
        return Gen.Frequency((3, scalar), (1, aggregate));
    }
}
