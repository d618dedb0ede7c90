using System.Text;
using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Cache.Hosting;

namespace OrleansSync.Grains.Tests.Cache.Hosting;

/// <summary>The silo's read view mirrors a near cache's lines: it serves exactly the live ones, and never one that was invalidated or lapsed.</summary>
public sealed class NearCacheReadViewTests
{
    private const long LeaseMs = 1_000;
    private const long DriftMs = 100;

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void AFilledLine_IsServedByTheView_AndItsHitsAreCountedByTheCacheWhenHarvested()
    {
        var view = new NearCacheReadView(_time);
        var cache = Mirrored(view);
        Fill(cache, "k", "v1", grantIndex: 5, CacheLineState.Exclusive);

        var first = view.TryRead("k");
        var second = view.TryRead("k");
        var (hits, used) = view.Harvest();
        cache.CountMirroredHits(hits, used);

        Assert.Equal((true, true, "v1", 5UL, CacheLineState.Exclusive), (first.Hit, first.Found, Text(first.Value), first.Version, first.State));
        Assert.True(second.Hit);
        Assert.Equal(2, hits);
        Assert.Equal(["k"], used);
        Assert.Equal((2L, 0L), (cache.Stats(0).Hits, cache.Stats(0).Misses));
        Assert.False(view.TryRead("absent").Hit);
    }

    [Fact]
    public void AnInvalidatedLine_IsGoneFromTheView_BeforeTheAckIsReturned()
    {
        var view = new NearCacheReadView(_time);
        var cache = Mirrored(view);
        Fill(cache, "k", "old", grantIndex: 5, CacheLineState.Shared);
        Assert.True(view.TryRead("k").Hit);

        var ack = cache.OnInvalidation(new CacheInvalidation("s1", "k", 9, Downgrade: false));

        // The grain sends the ack only after OnInvalidation returns; the view must already miss.
        Assert.Equal(9UL, ack.OperationIndex);
        Assert.False(view.TryRead("k").Hit);
        Assert.Equal(0, view.Count);
    }

    [Fact]
    public void ARecall_LeavesTheLineInTheViewAsShared_AndOwnWritesDropIt()
    {
        var view = new NearCacheReadView(_time);
        var cache = Mirrored(view);
        Fill(cache, "k", "v", grantIndex: 5, CacheLineState.Exclusive);

        cache.OnInvalidation(new CacheInvalidation("s1", "k", 9, Downgrade: true));
        var afterRecall = view.TryRead("k");
        cache.BeginWrite("k", Bytes("new"), nowLocalMs: 0);

        Assert.Equal((true, CacheLineState.Shared), (afterRecall.Hit, afterRecall.State));
        Assert.False(view.TryRead("k").Hit);
    }

    [Fact]
    public void ALine_IsNotServedOnceItsLeaseMinusTheDriftAllowanceHasPassed_OnTheSameClock()
    {
        var view = new NearCacheReadView(_time);
        var cache = Mirrored(view);
        Fill(cache, "k", "v", grantIndex: 5, CacheLineState.Shared);

        _time.Advance(TimeSpan.FromMilliseconds(LeaseMs - DriftMs - 1));
        var justBefore = view.TryRead("k");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var atTheEnd = view.TryRead("k");

        Assert.True(justBefore.Hit);
        Assert.False(atTheEnd.Hit);
    }

    [Fact]
    public void ANewActivation_OrADetach_DropsWhatTheEarlierOneMirrored_AndItsLateChangesAreIgnored()
    {
        var view = new NearCacheReadView(_time);
        var earlierMirror = view.Attach(_time.GetTimestamp());
        var earlier = new NearCache("s1", Options(), earlierMirror);
        Fill(earlier, "k", "v", grantIndex: 5, CacheLineState.Shared);

        var later = Mirrored(view);
        var afterReattach = view.TryRead("k");
        Fill(earlier, "late", "v", grantIndex: 6, CacheLineState.Shared);
        Fill(later, "mine", "v", grantIndex: 7, CacheLineState.Shared);
        view.Detach(earlierMirror);
        var stillMine = view.TryRead("mine");

        Assert.False(afterReattach.Hit);
        Assert.False(view.TryRead("late").Hit);
        Assert.True(stillMine.Hit);
        Assert.Equal(1, view.Count);
    }

    private NearCache Mirrored(NearCacheReadView view) => new("s1", Options(), view.Attach(_time.GetTimestamp()));

    private static NearCacheOptions Options() => new() { MaxEntries = 100, MaxBytes = 1_000_000, DriftAllowanceMs = DriftMs };

    private static void Fill(NearCache cache, string key, string value, ulong grantIndex, CacheLineState state)
    {
        var fill = cache.BeginFill(key, 0)!.Value;
        cache.CompleteFill(fill, new CacheResult
        {
            Status = CacheResultStatus.Granted,
            Value = Bytes(value),
            Version = grantIndex,
            State = state,
            GrantIndex = grantIndex,
            LeaseMs = LeaseMs,
        });
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[]? bytes) => Encoding.UTF8.GetString(bytes!);
}
