using FsCheck;
using FsCheck.Fluent;
using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Interfaces.Cache;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Cache;

public sealed class CacheCodecTests
{
    private static readonly CacheCommand[] Commands =
    [
        new CacheFillCommand("orders/42 ü", "silo-1"),
        CacheWriteCommand.Put("k", "s", [1, 2, 3], ttlMs: 5_000, expectedVersion: 7, mode: CacheWriteMode.WriteBack),
        CacheWriteCommand.Delete("k", "s"),
        new CacheAckCommand("k", "s", ulong.MaxValue, null),
        new CacheAckCommand("k", "s", 3, CacheDirtyValue.Of([9])),
        new CacheAckCommand("k", "s", 3, CacheDirtyValue.Of(null)),
        new CacheRenewCommand("k", "s", 12),
        new CacheEvictCommand("k", "s", 13),
        new CacheWriteBackCommand("k", "s", 14, CacheDirtyValue.Of([4, 5]), Release: true),
        new CacheExpireCommand(),
    ];

    public static TheoryData<int> CommandIndexes() => [.. Enumerable.Range(0, Commands.Length)];

    [Theory]
    [MemberData(nameof(CommandIndexes))]
    public void Decode_OfEncode_EncodesToTheSameBytesAndType(int which)
    {
        var bytes = CacheCommandCodec.Encode(Commands[which]);

        var decoded = CacheCommandCodec.Decode(bytes);

        Assert.Equal(Commands[which].GetType(), decoded.GetType());
        Assert.Equal(bytes, CacheCommandCodec.Encode(decoded));
    }

    [Theory]
    [MemberData(nameof(CommandIndexes))]
    public void Decode_TruncatedAtEveryByte_IsAFormatError(int which)
    {
        var bytes = CacheCommandCodec.Encode(Commands[which]);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<CommandFormatException>(() => CacheCommandCodec.Decode(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Decode_UnknownVersionKindFlagOrTrailingBytes_IsAFormatError()
    {
        var bytes = CacheCommandCodec.Encode(new CacheAckCommand("k", "s", 1, null));

        Assert.Throws<CommandFormatException>(() => CacheCommandCodec.Decode([2, .. bytes[1..]]));
        Assert.Throws<CommandFormatException>(() => CacheCommandCodec.Decode([bytes[0], 200, .. bytes[2..]]));
        Assert.Throws<CommandFormatException>(() => CacheCommandCodec.Decode([.. bytes[..^1], 2]));
        Assert.Throws<CommandFormatException>(() => CacheCommandCodec.Decode([.. bytes, 0]));
    }

    [Fact]
    public void Encode_OfOverlongOrInvalidStrings_Throws()
    {
        var longKey = new string('k', CacheDirectoryOptions.CodecMaxKeyBytes + 1);

        Assert.Throws<ArgumentException>(() => CacheCommandCodec.Encode(new CacheFillCommand(longKey, "s")));
        Assert.Throws<ArgumentException>(() => CacheCommandCodec.Encode(new CacheFillCommand("\ud800", "s")));
    }

    [Fact]
    public void Result_RoundTrips_WithEveryField()
    {
        var result = new CacheResult
        {
            Status = CacheResultStatus.Granted,
            Error = CacheErrorCode.None,
            Value = [1, 2],
            Version = 9,
            State = CacheLineState.Shared,
            GrantIndex = 44,
            LeaseMs = 5_000,
            WaitId = 43,
            Detail = "detail ü",
        };

        var decoded = CacheResultCodec.Decode(CacheResultCodec.Encode(result));

        Assert.Equal(result with { Value = decoded.Value }, decoded);
        Assert.Equal(result.Value, decoded.Value);
    }

    [Fact]
    public void Result_WithAHugeDetail_IsCutToTheBound()
    {
        var result = CacheResult.Fail(CacheErrorCode.Busy, new string('é', 5_000));

        var decoded = CacheResultCodec.Decode(CacheResultCodec.Encode(result));

        Assert.True(BinaryBuilder.StrictUtf8.GetByteCount(decoded.Detail!) <= CacheResultCodec.MaxDetailBytes);
        Assert.StartsWith(decoded.Detail!, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void EntryInfo_RoundTrips()
    {
        var info = new CacheEntryInfo("k", true, 3, 99, [new CacheHolderInfo("a", CacheLineState.Exclusive, 4, 5_000)], 7, ["a"], 2);

        var decoded = CacheResultCodec.DecodeEntryInfo(CacheResultCodec.EncodeEntryInfo(info));

        Assert.Equal(info.Holders, decoded.Holders);
        Assert.Equal(info.PendingWaitingFor, decoded.PendingWaitingFor);
        Assert.Equal((info.Key, info.Exists, info.Version, info.ExpiresAtMs, info.PendingOperationIndex, info.QueuedRequests),
            (decoded.Key, decoded.Exists, decoded.Version, decoded.ExpiresAtMs, decoded.PendingOperationIndex, decoded.QueuedRequests));
    }

    [Fact]
    public void RandomCommands_RoundTripThroughTheCodec()
    {
        Prop.ForAll(CacheGenerators.Commands().ToArbitrary(), command =>
        {
            var bytes = CacheCommandCodec.Encode(command);
            return bytes.AsSpan().SequenceEqual(CacheCommandCodec.Encode(CacheCommandCodec.Decode(bytes)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Apply_NeverThrowsOnRandomBytes_AndEveryReplicaAnswersTheSame()
    {
        // Random bytes, and valid commands with random corruption (so decoding gets far).
        var corrupted = Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var random = new Random(seed);
            var bytes = CacheCommandCodec.Encode(CacheGenerators.Command(random.Next()));
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            return bytes;
        });
        var inputs = Gen.OneOf(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(), corrupted).ArrayOf();
        Prop.ForAll(inputs.ToArbitrary(), batch =>
        {
            var first = new CacheDirectory(new CacheDirectoryOptions { LeaseMs = 100 });
            var second = new CacheDirectory(new CacheDirectoryOptions { LeaseMs = 100 });
            for (var i = 0; i < batch.Length; i++)
            {
                var index = (ulong)i + 1;
                var a = first.Apply(index, i * 10, batch[i]).ToArray();
                var b = second.Apply(index, i * 10, batch[i]).ToArray();
                Assert.Equal(a, b);
                CacheResultCodec.Decode(a);
            }

            Assert.Equal(first.Snapshot(), second.Snapshot());
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
