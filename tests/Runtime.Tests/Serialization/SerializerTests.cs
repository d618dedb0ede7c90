using OrleansSync.Runtime.Serialization;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Serialization;

public sealed class SerializerTests
{
    [Fact]
    public void RoundTrip_BuiltInTypes_PreservesValues()
    {
        AssertRoundTrip(0);
        AssertRoundTrip(int.MinValue);
        AssertRoundTrip(long.MaxValue);
        AssertRoundTrip(ulong.MaxValue);
        AssertRoundTrip(-1.5d);
        AssertRoundTrip(3.25f);
        AssertRoundTrip(12.345m);
        AssertRoundTrip(true);
        AssertRoundTrip('é');
        AssertRoundTrip("héllo wörld");
        AssertRoundTrip<string?>(null);
        AssertRoundTrip(Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        AssertRoundTrip(TimeSpan.FromMilliseconds(1234));
        AssertRoundTrip(new DateTimeOffset(2026, 11, 21, 1, 2, 3, TimeSpan.FromHours(2)));
        AssertRoundTrip(Color.Green);
        AssertRoundTrip<int?>(null);
        AssertRoundTrip<int?>(7);
        AssertRoundTrip(new Point { X = -3, Y = 4 });
    }

    [Fact]
    public void RoundTrip_Collections_PreservesContents()
    {
        Assert.Equal([1, 2, 3], GrainSerializer.Deserialize<int[]>(GrainSerializer.Serialize(new[] { 1, 2, 3 })));
        Assert.Equal(["a", null, "c"], GrainSerializer.Deserialize<List<string?>>(GrainSerializer.Serialize(new List<string?> { "a", null, "c" })));
        Assert.Equal([5L, 6L], GrainSerializer.Deserialize<IReadOnlyList<long>>(GrainSerializer.Serialize<IReadOnlyList<long>>([5L, 6L])));
        var set = GrainSerializer.Deserialize<HashSet<string>>(GrainSerializer.Serialize(new HashSet<string> { "x", "y" }));
        Assert.True(set.SetEquals(["x", "y"]));
        var map = GrainSerializer.Deserialize<Dictionary<string, List<int>>>(GrainSerializer.Serialize(new Dictionary<string, List<int>> { ["k"] = [1, 2] }));
        Assert.Equal([1, 2], map["k"]);
        Assert.Equal(new byte[] { 0, 255 }, GrainSerializer.Deserialize<byte[]>(GrainSerializer.Serialize(new byte[] { 0, 255 })));
    }

    [Fact]
    public void NewerWriter_OlderReader_SkipsUnknownFields()
    {
        var bytes = GrainSerializer.Serialize(new OrderV2("o-1", 3, ["gift", "fragile"]));

        var old = GrainSerializer.Deserialize<OrderV1>(bytes);

        Assert.Equal(new OrderV1("o-1", 3), old);
    }

    [Fact]
    public void OlderWriter_NewerReader_LeavesMissingFieldsDefault()
    {
        var bytes = GrainSerializer.Serialize(new OrderV1("o-2", 9));

        var newer = GrainSerializer.Deserialize<OrderV2>(bytes);

        Assert.Equal("o-2", newer.Id);
        Assert.Equal(9, newer.Quantity);
        Assert.Null(newer.Notes);
    }

    [Fact]
    public void Deserialize_EveryTruncation_ThrowsGrainSerializationException()
    {
        var bytes = GrainSerializer.Serialize(new OrderV2("order", 3, ["n"]));

        for (var length = 0; length < bytes.Length; length++)
        {
            var truncated = bytes.AsMemory(0, length);
            Assert.Throws<GrainSerializationException>(() => GrainSerializer.Deserialize<OrderV2>(truncated));
        }
    }

    [Fact]
    public void Deserialize_HugeDeclaredLength_ThrowsWithoutAllocating()
    {
        var writer = new GrainWriter();
        writer.WriteVarUInt32(int.MaxValue);
        writer.WriteByte(1);

        Assert.Throws<GrainSerializationException>(() => GrainSerializer.Deserialize<List<long>>(writer.ToArray()));
        Assert.Throws<GrainSerializationException>(() => GrainSerializer.Deserialize<string>(writer.ToArray()));
    }

    [Fact]
    public void Deserialize_NestingBeyondTheBound_Throws()
    {
        var head = new Node();
        var current = head;
        for (var i = 0; i < GrainReader.MaxDepth + 5; i++)
        {
            current.Next = new Node();
            current = current.Next;
        }

        var bytes = GrainSerializer.Serialize(head);

        var ex = Assert.Throws<GrainSerializationException>(() => GrainSerializer.Deserialize<Node>(bytes));
        Assert.Contains("Nesting", ex.Message);
    }

    [Fact]
    public void Deserialize_TrailingBytes_Throws()
    {
        var bytes = GrainSerializer.Serialize(42).Append((byte)0).ToArray();

        Assert.Throws<GrainSerializationException>(() => GrainSerializer.Deserialize<int>(bytes));
    }

    [Fact]
    public void Serialize_UnsupportedType_ThrowsNamingTheType()
    {
        var ex = Assert.Throws<GrainSerializationException>(() => GrainSerializer.Serialize(new Uri("http://example.com")));

        Assert.Contains("System.Uri", ex.Message);
    }

    [Fact]
    public void Varint_RandomValues_RoundTrip()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        for (var i = 0; i < 2000; i++)
        {
            var value = random.NextInt64(long.MinValue, long.MaxValue);
            Assert.True(value == GrainSerializer.Deserialize<long>(GrainSerializer.Serialize(value)), $"seed={seed} value={value}");
        }
    }

    private static void AssertRoundTrip<T>(T value) => Assert.Equal(value, GrainSerializer.Deserialize<T>(GrainSerializer.Serialize(value)));
}
