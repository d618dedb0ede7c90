using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>Structural equality of replies (kind, bytes, integer, elements recursively).</summary>
internal static class RespReplyAssert
{
    public static bool AreEqual(RedisReply expected, RedisReply actual) =>
        expected.Kind == actual.Kind
        && expected.Integer == actual.Integer
        && expected.Bytes.Span.SequenceEqual(actual.Bytes.Span)
        && expected.Elements.Count == actual.Elements.Count
        && expected.Elements.Zip(actual.Elements).All(pair => AreEqual(pair.First, pair.Second));

    public static void Equal(RedisReply expected, RedisReply actual)
    {
        if (!AreEqual(expected, actual))
        {
            Assert.Fail($"replies differ\nexpected: {expected}\nactual:   {actual}");
        }
    }
}
