using FsCheck;
using FsCheck.Fluent;
using OrleansSync.Grains.Cache;

namespace OrleansSync.Grains.Tests.Cache;

/// <summary>
/// Random fills, reads, invalidations and time against the near cache, compared with a plain
/// list-based LRU model. FsCheck prints the replay seed and the shrunk ints of a failing case.
/// </summary>
public sealed class NearCachePropertyTests
{
    private const long LeaseMs = 1_000;
    private const long DriftMs = 50;
    private const int MaxEntries = 5;
    private const long MaxBytes = 600;

    [Fact]
    public void RandomOperations_NeverExceedEitherBound_AndEvictInLruOrder()
    {
        var sequences = Gen.Choose(0, int.MaxValue).ArrayOf().Select(values => values.Take(200).ToArray());
        Prop.ForAll(sequences.ToArbitrary(), RunAndCheck).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static bool RunAndCheck(int[] seeds)
    {
        var cache = new NearCache("s1", new NearCacheOptions { MaxEntries = MaxEntries, MaxBytes = MaxBytes, DriftAllowanceMs = DriftMs });
        var model = new List<(string Key, long Bytes, long LiveUntil)>();
        var now = 0L;
        ulong grant = 0;
        foreach (var seed in seeds)
        {
            var random = new Random(seed);
            var key = $"k{random.Next(9)}";
            switch (random.Next(4))
            {
                case 0:
                    var size = random.Next(0, 300);
                    var fill = cache.BeginFill(key, now)!.Value;
                    cache.CompleteFill(fill, new CacheResult
                    {
                        Status = CacheResultStatus.Granted,
                        Value = new byte[size],
                        Version = 1,
                        State = CacheLineState.Shared,
                        GrantIndex = ++grant,
                        LeaseMs = LeaseMs,
                    });
                    Install(model, key, key.Length + size + NearCacheOptions.LineOverheadBytes, now + LeaseMs - DriftMs);
                    break;
                case 1:
                    var hit = cache.Read(key, now).Hit;
                    var at = model.FindIndex(l => l.Key == key);
                    Assert.Equal(at >= 0 && now < model[at].LiveUntil, hit);
                    if (at >= 0)
                    {
                        var line = model[at];
                        model.RemoveAt(at);
                        if (hit)
                        {
                            model.Insert(0, line);
                        }
                    }

                    break;
                case 2:
                    cache.OnInvalidation(new CacheInvalidation("s1", key, ++grant, Downgrade: false));
                    model.RemoveAll(l => l.Key == key);
                    break;
                default:
                    now += random.Next(0, 400);
                    break;
            }

            Assert.True(cache.Count <= MaxEntries, $"{cache.Count} lines exceed {MaxEntries}");
            Assert.True(cache.Bytes <= MaxBytes, $"{cache.Bytes} bytes exceed {MaxBytes}");
            Assert.Equal(model.Select(l => l.Key), cache.KeysByRecency());
            Assert.Equal(model.Sum(l => l.Bytes), cache.Bytes);
        }

        return true;
    }

    private static void Install(List<(string Key, long Bytes, long LiveUntil)> model, string key, long bytes, long liveUntil)
    {
        model.RemoveAll(l => l.Key == key);
        if (bytes > MaxBytes)
        {
            return;
        }

        model.Insert(0, (key, bytes, liveUntil));
        while (model.Count > MaxEntries || model.Sum(l => l.Bytes) > MaxBytes)
        {
            model.RemoveAt(model.Count - 1);
        }
    }
}
