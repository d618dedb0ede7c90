using FsCheck;
using FsCheck.Fluent;
using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Cache;

/// <summary>
/// Random command sequences against the directory. FsCheck prints the replay seed and the
/// shrunk ints of any failing case; each int names one command (<see cref="CacheGenerators.Command"/>).
/// </summary>
public sealed class CacheDirectoryPropertyTests
{
    private const long LeaseMs = 200;

    [Fact]
    public void RandomCommands_KeepTheSingleWriterRule_AndNeverChangeAValueUnderALiveCopy()
    {
        var sequences = Gen.Choose(0, int.MaxValue).ArrayOf().Select(values => values.Take(150).ToArray());
        Prop.ForAll(sequences.ToArbitrary(), RunAndCheck).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    /// <summary>
    /// A case the property found in CI: a lease ran out during the apply of an evict, so a queued
    /// write completed and granted at that very index, and the random evict happened to name that
    /// index; the directory dropped a grant no near cache could have known of yet.
    /// </summary>
    [Fact]
    public void ACommandNamingAGrantMadeDuringItsOwnApply_LeavesTheGrant()
    {
        int[] seeds =
        [
            11699772, 664924872, 1155190097, 38628088, 1183098580, 1356970617, 2083618412, 446129940, 258469682, 142932003, 920397537, 2102272402, 993640685, 955076915,
            800101929, 1882085742, 1997209333, 906916265, 229489204, 1255004893, 377803676, 1245595996, 1428541735, 123834726, 153118158, 857212036, 1062002327,
        ];
        Assert.True(RunAndCheck(seeds));
    }

    [Fact]
    public void Snapshot_RestoresAnEqualDirectory_ThatAppliesTheRestIdentically()
    {
        var sequences = Gen.Choose(0, int.MaxValue).ArrayOf().Select(values => values.Take(120).ToArray());
        Prop.ForAll(sequences.ToArbitrary(), seeds =>
        {
            var original = new CacheDirectory(new CacheDirectoryOptions { LeaseMs = LeaseMs });
            CacheDirectory? restored = null;
            for (var i = 0; i < seeds.Length; i++)
            {
                var index = (ulong)i + 1;
                var timeMs = 1_000 + (i * 37L);
                var command = CacheGenerators.Command(seeds[i]);
                var expected = CacheResultCodec.Encode(original.Apply(index, timeMs, command));
                if (restored is not null)
                {
                    Assert.Equal(expected, CacheResultCodec.Encode(restored.Apply(index, timeMs, command)));
                    Assert.Equal(original.NextDeadlineMs, restored.NextDeadlineMs);
                    Assert.Equal(
                        original.TakeNotifications().Select(n => (n.Key, Convert.ToHexString(n.Payload))),
                        restored.TakeNotifications().Select(n => (n.Key, Convert.ToHexString(n.Payload))));
                    Assert.Equal(original.TakeInvalidations(), restored.TakeInvalidations());
                }
                else if (i == seeds.Length / 2)
                {
                    var bytes = original.Snapshot();
                    restored = new CacheDirectory(new CacheDirectoryOptions { LeaseMs = LeaseMs });
                    restored.Restore(bytes);
                    Assert.Equal(bytes, restored.Snapshot());
                    Assert.Equal(original.PendingInvalidations(), restored.PendingInvalidations());
                    original.TakeNotifications();
                    original.TakeInvalidations();
                }
            }

            Assert.Equal(original.Snapshot(), restored?.Snapshot() ?? original.Snapshot());
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Restore_OfCorruptSnapshots_IsAFormatErrorOrAnEqualReencoding()
    {
        var directory = new CacheDirectory(new CacheDirectoryOptions { LeaseMs = LeaseMs });
        var random = new Random(1234);
        for (var i = 1; i <= 200; i++)
        {
            directory.Apply((ulong)i, i * 5, CacheGenerators.Command(random.Next()));
        }

        var snapshot = directory.Snapshot();
        for (var trial = 0; trial < 500; trial++)
        {
            var corrupt = snapshot.ToArray();
            corrupt[random.Next(corrupt.Length)] ^= (byte)random.Next(1, 256);
            var target = new CacheDirectory(new CacheDirectoryOptions { LeaseMs = LeaseMs });
            try
            {
                target.Restore(corrupt);
            }
            catch (CommandFormatException)
            {
                Assert.Equal(0, target.KeyCount);
                continue;
            }

            Assert.Equal(target.Snapshot(), new CacheDirectory(new CacheDirectoryOptions { LeaseMs = LeaseMs }).Let(d => d.Restore(target.Snapshot())).Snapshot());
        }
    }

    private static bool RunAndCheck(int[] seeds)
    {
        var directory = new CacheDirectory(new CacheDirectoryOptions { LeaseMs = LeaseMs, MaxQueuedPerKey = 4 });
        var tracker = new GrantTracker(directory);
        var timeMs = 1_000L;
        for (var i = 0; i < seeds.Length; i++)
        {
            var command = CacheGenerators.Command(seeds[i]);
            timeMs += (seeds[i] >> 8) % 3 == 0 ? (seeds[i] >> 4) % 120 : 0;
            var index = (ulong)i + 1;
            tracker.Apply(index, timeMs, command);
        }

        return true;
    }
}
