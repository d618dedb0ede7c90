using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Interfaces.Cache;
using static OrleansSync.Grains.Tests.Cache.CacheDirectoryDriver;

namespace OrleansSync.Grains.Tests.Cache;

public sealed class NearCacheTests
{
    private const long LeaseMs = 1_000;
    private const long DriftMs = 100;

    [Fact]
    public void Read_OfAbsentKey_Misses_AndAFilledLineHitsUntilLeaseMinusDriftFromTheRequest()
    {
        var cache = NewCache();
        Assert.False(cache.Read("k", 0).Hit);

        var fill = cache.BeginFill("k", nowLocalMs: 50)!.Value;
        cache.CompleteFill(fill, Granted("v", grantIndex: 5, CacheLineState.Exclusive));

        var hit = cache.Read("k", 50 + LeaseMs - DriftMs - 1);
        Assert.True(hit.Hit);
        Assert.Equal(("v", CacheLineState.Exclusive), (Text(hit.Value!), hit.State));
        Assert.False(cache.Read("k", 50 + LeaseMs - DriftMs).Hit);
        Assert.Equal(0, cache.Count);
        var stats = cache.Stats(0);
        Assert.Equal((1L, 2L, 1L), (stats.Hits, stats.Misses, stats.LapsedReads));
        Assert.Equal(NearCacheEvictionReason.Lapsed, Assert.Single(cache.TakeEvictions()).Reason);
    }

    [Fact]
    public void Invalidation_DropsAnOlderGrant_AndAcks()
    {
        var cache = Filled("k", grantIndex: 5);

        var ack = cache.OnInvalidation(new CacheInvalidation("s1", "k", 9, Downgrade: false));

        Assert.Equal(new NearCacheAck("k", 9, null), ack);
        Assert.False(cache.Read("k", 10).Hit);
        Assert.Equal((1L, 1L), (cache.Stats(10).InvalidationsReceived, cache.Stats(10).InvalidationsAcked));
    }

    [Fact]
    public void Invalidation_OfAnOlderOperation_LeavesANewerGrantAlone_ButStillAcks()
    {
        var cache = Filled("k", grantIndex: 12);

        var ack = cache.OnInvalidation(new CacheInvalidation("s1", "k", 9, Downgrade: false));

        Assert.Equal(9UL, ack.OperationIndex);
        Assert.True(cache.Read("k", 10).Hit);
    }

    [Fact]
    public void Recall_DowngradesToShared_AndCarriesTheDirtyValueOfAModifiedLine()
    {
        var cache = NewCache();
        var write = cache.BeginWrite("k", Bytes("v1"), 0)!.Value;
        cache.CompleteWrite(write, new CacheResult { Status = CacheResultStatus.Written, State = CacheLineState.Modified, Version = 1, GrantIndex = 3, LeaseMs = LeaseMs });
        Assert.True(cache.TryWriteLocal("k", Bytes("v2"), 10));

        var ack = cache.OnInvalidation(new CacheInvalidation("s1", "k", 7, Downgrade: true));

        Assert.Equal("v2", Text(ack.Dirty!.Value));
        var read = cache.Read("k", 20);
        Assert.Equal((true, CacheLineState.Shared, "v2"), (read.Hit, read.State, Text(read.Value!)));
        Assert.Equal(1L, cache.Stats(20).Recalls);
        Assert.False(cache.TryWriteLocal("k", Bytes("v3"), 30));
    }

    [Fact]
    public void AnInvalidationThatOvertakesAFillReply_FencesIt_SoNoStaleCopyIsInstalled()
    {
        var cache = NewCache();
        var fill = cache.BeginFill("k", 0)!.Value;

        cache.OnInvalidation(new CacheInvalidation("s1", "k", 8, Downgrade: false));
        cache.CompleteFill(fill, Granted("old", grantIndex: 6, CacheLineState.Shared));

        Assert.False(cache.Read("k", 1).Hit);
        Assert.Equal(1L, cache.Stats(1).DiscardedGrants);
    }

    [Fact]
    public void ARecallThatOvertakesAnExclusiveFillReply_InstallsItAsShared()
    {
        var cache = NewCache();
        var fill = cache.BeginFill("k", 0)!.Value;

        cache.OnInvalidation(new CacheInvalidation("s1", "k", 8, Downgrade: true));
        cache.CompleteFill(fill, Granted("v", grantIndex: 6, CacheLineState.Exclusive));

        Assert.Equal(CacheLineState.Shared, cache.Read("k", 1).State);
    }

    [Fact]
    public void BeginWrite_DropsTheOwnCopy_AndACompletedPutInstallsTheWrittenValueExclusive()
    {
        var cache = Filled("k", grantIndex: 2);

        var write = cache.BeginWrite("k", Bytes("new"), 100)!.Value;
        Assert.False(cache.Read("k", 100).Hit);
        cache.CompleteWrite(write, new CacheResult { Status = CacheResultStatus.Written, State = CacheLineState.Exclusive, Version = 4, GrantIndex = 9, LeaseMs = LeaseMs });

        var read = cache.Read("k", 100 + LeaseMs - DriftMs - 1);
        Assert.Equal(("new", 4UL, CacheLineState.Exclusive), (Text(read.Value!), read.Version, read.State));
    }

    [Fact]
    public void AWrite_SupersedesEarlierRequestsOfTheKey_WhateverOrderTheirRepliesArriveIn()
    {
        var cache = NewCache();
        var fill = cache.BeginFill("k", 0)!.Value;
        var put = cache.BeginWrite("k", Bytes("v1"), 0)!.Value;
        var delete = cache.BeginWrite("k", null, 0)!.Value;

        cache.CompleteWrite(delete, new CacheResult { Status = CacheResultStatus.Written, State = CacheLineState.Invalid, GrantIndex = 50 });
        cache.CompleteWrite(put, new CacheResult { Status = CacheResultStatus.Written, State = CacheLineState.Modified, Version = 3, GrantIndex = 50, LeaseMs = LeaseMs });
        cache.CompleteFill(fill, Granted("old", grantIndex: 30, CacheLineState.Shared));

        Assert.False(cache.Read("k", 1).Hit);
        Assert.Equal(2L, cache.Stats(1).DiscardedGrants);
    }

    [Fact]
    public void NoGrantInstalls_WhileAWriteOfTheKeyIsInFlight_EvenOneBegunAfterIt()
    {
        var cache = NewCache();
        var write = cache.BeginWrite("k", Bytes("v2"), 0)!.Value;
        var fill = cache.BeginFill("k", 0)!.Value;

        cache.CompleteFill(fill, Granted("v1", grantIndex: 70, CacheLineState.Shared));

        Assert.Equal(0, cache.Count);
        cache.CompleteWrite(write, new CacheResult { Status = CacheResultStatus.Written, State = CacheLineState.Exclusive, Version = 9, GrantIndex = 80, LeaseMs = LeaseMs });
        var read = cache.Read("k", 1);
        Assert.Equal(("v2", CacheLineState.Exclusive), (Text(read.Value!), read.State));
    }

    [Fact]
    public void AnInstalledGrant_SupersedesAnOlderFillOfTheKeyStillInFlight()
    {
        var cache = NewCache(maxEntries: 1);
        var older = cache.BeginFill("k", 0)!.Value;
        var newer = cache.BeginFill("k", 0)!.Value;
        cache.CompleteFill(newer, Granted("v", grantIndex: 537, CacheLineState.Shared));
        Fill(cache, "other", 600);
        Assert.Equal(["other"], cache.KeysByRecency());

        cache.CompleteFill(older, Granted("v", grantIndex: 532, CacheLineState.Shared));

        Assert.Equal(["other"], cache.KeysByRecency());
    }

    [Fact]
    public void ACompletedDelete_LeavesNoLine()
    {
        var cache = Filled("k", grantIndex: 2);

        var write = cache.BeginWrite("k", null, 0)!.Value;
        cache.CompleteWrite(write, new CacheResult { Status = CacheResultStatus.Written, State = CacheLineState.Invalid, GrantIndex = 9 });

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Renewal_IsByUse_ExtendsFromWhenItWasSent_AndARefusalDropsTheLine()
    {
        var cache = Filled("k", grantIndex: 2);
        Assert.Empty(cache.TakeRenewals(600, LeaseMs));

        cache.Read("k", 100);
        Assert.Empty(cache.TakeRenewals(300, LeaseMs));
        var renewal = Assert.Single(cache.TakeRenewals(600, LeaseMs));
        Assert.Equal(("k", 2UL), (renewal.Key, renewal.GrantIndex));
        Assert.Empty(cache.TakeRenewals(650, LeaseMs));

        cache.CompleteRenewal(renewal.RequestId, new CacheResult { Status = CacheResultStatus.Ok, GrantIndex = 2, LeaseMs = LeaseMs });
        Assert.True(cache.Read("k", 600 + LeaseMs - DriftMs - 1).Hit);
        Assert.False(cache.Read("k", 600 + LeaseMs - DriftMs).Hit);

        var refused = Filled("k", grantIndex: 2);
        refused.Read("k", 100);
        var second = Assert.Single(refused.TakeRenewals(600, LeaseMs));
        refused.CompleteRenewal(second.RequestId, CacheResult.Fail(CacheErrorCode.NotHolder, "gone"));
        Assert.Equal(0, refused.Count);
        Assert.Equal(NearCacheEvictionReason.RenewalRefused, Assert.Single(refused.TakeEvictions()).Reason);
    }

    [Fact]
    public void Lru_EvictsTheLeastRecentlyUsed_ByCount()
    {
        var cache = NewCache(maxEntries: 2);
        Fill(cache, "a", 1);
        Fill(cache, "b", 2);
        cache.Read("a", 1);

        Fill(cache, "c", 3);

        Assert.Equal(["c", "a"], cache.KeysByRecency());
        var eviction = Assert.Single(cache.TakeEvictions());
        Assert.Equal(new NearCacheEviction("b", CacheLineState.Shared, 2, null, NearCacheEvictionReason.Capacity), eviction);
        Assert.Equal(new CacheEvictCommand("b", "s1", 2), eviction.ToCommand("s1"));
    }

    [Fact]
    public void Lru_EvictsByBytes_AndReportsADirtyModifiedLineForWriteBack()
    {
        var lineBytes = 1 + 10 + NearCacheOptions.LineOverheadBytes;
        var cache = NewCache(maxBytes: (2 * lineBytes) + 5);
        var write = cache.BeginWrite("m", new byte[10], 0)!.Value;
        cache.CompleteWrite(write, new CacheResult { Status = CacheResultStatus.Written, State = CacheLineState.Modified, Version = 1, GrantIndex = 1, LeaseMs = LeaseMs });
        cache.TryWriteLocal("m", new byte[10], 1);
        Fill(cache, "b", 2, new byte[10]);

        Fill(cache, "c", 3, new byte[10]);

        Assert.True(cache.Bytes <= (2 * lineBytes) + 5);
        var eviction = Assert.Single(cache.TakeEvictions());
        Assert.Equal(("m", CacheLineState.Modified), (eviction.Key, eviction.State));
        Assert.IsType<CacheWriteBackCommand>(eviction.ToCommand("s1"));
    }

    [Fact]
    public void AGrantLargerThanTheByteBound_IsNotInstalled_AndIsReported()
    {
        var cache = NewCache(maxBytes: 100);

        Fill(cache, "k", 1, new byte[200]);

        Assert.Equal(0, cache.Count);
        Assert.Equal(NearCacheEvictionReason.TooLarge, Assert.Single(cache.TakeEvictions()).Reason);
    }

    [Fact]
    public void InFlightRequests_AreBounded_AndAbandonFreesASlot()
    {
        var cache = NewCache(maxInFlight: 1);
        var first = cache.BeginFill("a", 0);

        Assert.Null(cache.BeginFill("b", 0));
        cache.Abandon(first!.Value);
        Assert.NotNull(cache.BeginFill("b", 0));
    }

    [Fact]
    public void AnInvalidationForAnotherSilo_IsAHostBug()
    {
        Assert.Throws<ArgumentException>(() => NewCache().OnInvalidation(new CacheInvalidation("other", "k", 1, false)));
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NearCache("s", new NearCacheOptions { MaxEntries = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NearCache("s", new NearCacheOptions { MaxBytes = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NearCache("s", new NearCacheOptions { DriftAllowanceMs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NearCacheOptions { DriftAllowanceMs = 5_000 }.ValidateAgainstLease(5_000));
    }

    [Fact]
    public void Stats_CountLinesByState()
    {
        var cache = NewCache();
        Fill(cache, "a", 1);
        var fill = cache.BeginFill("b", 0)!.Value;
        cache.CompleteFill(fill, Granted("v", 2, CacheLineState.Exclusive));

        var stats = cache.Stats(0);

        Assert.Equal((2, 1, 1, 0), (stats.Entries, stats.SharedLines, stats.ExclusiveLines, stats.ModifiedLines));
        Assert.Equal(CacheLineState.Invalid, cache.StateOf("a", LeaseMs));
    }

    private static NearCache NewCache(int maxEntries = 100, long maxBytes = 1_000_000, int maxInFlight = 100) =>
        new("s1", new NearCacheOptions { MaxEntries = maxEntries, MaxBytes = maxBytes, DriftAllowanceMs = DriftMs, MaxInFlightRequests = maxInFlight });

    private static NearCache Filled(string key, ulong grantIndex)
    {
        var cache = NewCache();
        Fill(cache, key, grantIndex);
        return cache;
    }

    private static void Fill(NearCache cache, string key, ulong grantIndex, byte[]? value = null)
    {
        var fill = cache.BeginFill(key, 0)!.Value;
        cache.CompleteFill(fill, new CacheResult
        {
            Status = CacheResultStatus.Granted,
            Value = value ?? Bytes("v"),
            Version = grantIndex,
            State = CacheLineState.Shared,
            GrantIndex = grantIndex,
            LeaseMs = LeaseMs,
        });
    }

    private static CacheResult Granted(string value, ulong grantIndex, CacheLineState state) =>
        new() { Status = CacheResultStatus.Granted, Value = Bytes(value), Version = 1, State = state, GrantIndex = grantIndex, LeaseMs = LeaseMs };
}
