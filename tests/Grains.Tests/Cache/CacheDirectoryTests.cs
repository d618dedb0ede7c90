using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Interfaces.Cache;
using OrleansSync.Grains.Raft.StateMachines;
using static OrleansSync.Grains.Tests.Cache.CacheDirectoryDriver;

namespace OrleansSync.Grains.Tests.Cache;

public sealed class CacheDirectoryTests
{
    private const long LeaseMs = 1_000;

    [Fact]
    public void Fill_OfAbsentKey_IsNotFoundAndCachesNothing()
    {
        var driver = new CacheDirectoryDriver();

        Assert.Equal(CacheResultStatus.NotFound, driver.Fill("k", "a").Status);
        Assert.Equal(0, driver.Directory.KeyCount);
    }

    [Fact]
    public void Put_WithNoHolders_CompletesAtOnceAndMakesTheWriterExclusive()
    {
        var driver = new CacheDirectoryDriver();

        var result = driver.Put("k", "a", "v1");

        Assert.Equal(CacheResultStatus.Written, result.Status);
        Assert.Equal(CacheLineState.Exclusive, result.State);
        Assert.Equal(1UL, result.Version);
        Assert.Equal(driver.Index, result.GrantIndex);
        Assert.Equal(LeaseMs, result.LeaseMs);
        var info = driver.Directory.GetEntry("k");
        Assert.Equal([new CacheHolderInfo("a", CacheLineState.Exclusive, driver.Index, driver.NowMs + LeaseMs)], info.Holders);
        Assert.Empty(driver.Directory.TakeInvalidations());
    }

    [Fact]
    public void Fill_ByFirstReader_IsExclusive_ThenSecondReaderRecallsItToShared()
    {
        var driver = new CacheDirectoryDriver();
        driver.Put("k", "w", "v2");

        // The writer owns it in E: a reader on another silo recalls (downgrades) the writer first.
        var fill = driver.Fill("k", "a");
        Assert.Equal(CacheResultStatus.Waiting, fill.Status);
        Assert.Equal(driver.Index, fill.WaitId);
        var recall = Assert.Single(driver.Directory.TakeInvalidations());
        Assert.Equal(new CacheInvalidation("w", "k", driver.Index, Downgrade: true), recall);
        Assert.True(driver.Directory.MayNotify(fill.WaitId));

        driver.Ack("k", "w", recall.OperationIndex);

        var granted = Assert.Single(driver.TakeNotifications());
        Assert.Equal(CacheResultStatus.Granted, granted.Status);
        Assert.Equal(CacheLineState.Shared, granted.State);
        Assert.Equal("v2", Text(granted.Value));
        Assert.False(driver.Directory.MayNotify(fill.WaitId));
        Assert.Equal(["a", "w"], driver.Directory.GetEntry("k").Holders.Select(h => h.Silo).Order(StringComparer.Ordinal));
        Assert.All(driver.Directory.GetEntry("k").Holders, h => Assert.Equal(CacheLineState.Shared, h.State));

        // Only sharers now: a third reader joins them at once.
        var third = driver.Fill("k", "b");
        Assert.Equal(CacheResultStatus.Granted, third.Status);
        Assert.Equal(CacheLineState.Shared, third.State);
    }

    [Fact]
    public void Fill_AfterTheOwnerLeaseLapsed_IsExclusiveWithoutRecall()
    {
        var driver = new CacheDirectoryDriver();
        driver.Put("k", "w", "v1");
        driver.NowMs += LeaseMs;

        var fill = driver.Fill("k", "a");

        Assert.Equal(CacheResultStatus.Granted, fill.Status);
        Assert.Equal(CacheLineState.Exclusive, fill.State);
        Assert.Empty(driver.Directory.TakeInvalidations());
    }

    [Fact]
    public void Put_WithSharers_WaitsForEveryAck_ThenCompletesAndQueuedFillRecallsTheWriter()
    {
        var driver = ShareBetween("a", "b");
        var put = driver.Put("k", "w", "v2");
        Assert.Equal(CacheResultStatus.Waiting, put.Status);
        var invalidations = driver.Directory.TakeInvalidations();
        Assert.Equal(["a", "b"], invalidations.Select(i => i.Silo));
        Assert.All(invalidations, i => Assert.Equal((put.WaitId, false), (i.OperationIndex, i.Downgrade)));
        Assert.Empty(driver.Directory.GetEntry("k").Holders);

        var queuedFill = driver.Fill("k", "a");
        Assert.Equal(CacheResultStatus.Waiting, queuedFill.Status);
        Assert.Empty(driver.Directory.TakeInvalidations());

        driver.Ack("k", "a", put.WaitId);
        Assert.Empty(driver.TakeNotifications());
        Assert.Equal(["b"], driver.Directory.GetEntry("k").PendingWaitingFor);

        driver.Ack("k", "b", put.WaitId);
        var written = Assert.Single(driver.TakeNotifications());
        Assert.Equal((CacheResultStatus.Written, put.WaitId, CacheLineState.Exclusive), (written.Status, written.WaitId, written.State));
        Assert.Equal(driver.Index, written.GrantIndex);

        // The queued fill runs next: the writer holds E, so it is recalled.
        var recall = Assert.Single(driver.Directory.TakeInvalidations());
        Assert.Equal(("w", true), (recall.Silo, recall.Downgrade));
        driver.Ack("k", "w", recall.OperationIndex);
        var filled = Assert.Single(driver.TakeNotifications());
        Assert.Equal((CacheResultStatus.Granted, queuedFill.WaitId, "v2"), (filled.Status, filled.WaitId, Text(filled.Value)));
    }

    [Fact]
    public void Put_WithAnUnresponsiveHolder_CompletesExactlyWhenItsLeaseEnds()
    {
        var driver = ShareBetween("a", "b");
        var leaseEnd = driver.Directory.GetEntry("k").Holders.Max(h => h.LeaseEndMs);
        var put = driver.Put("k", "w", "v2");
        driver.Ack("k", "a", put.WaitId);
        Assert.Equal(leaseEnd, driver.Directory.NextDeadlineMs);

        driver.NowMs = leaseEnd - 1;
        driver.Apply(new CacheExpireCommand());
        Assert.Empty(driver.TakeNotifications());

        driver.NowMs = leaseEnd;
        driver.Apply(new CacheExpireCommand());
        var written = Assert.Single(driver.TakeNotifications());
        Assert.Equal(CacheResultStatus.Written, written.Status);
        Assert.Equal(("v2", 2UL), (Text(driver.Directory.Peek("k").Value!), driver.Directory.Peek("k").Version));
    }

    [Fact]
    public void Renew_IsRefusedWhileBeingInvalidated_SoAWriteDeadlineNeverMoves()
    {
        var driver = ShareBetween("a", "b");
        var grantOfB = driver.Directory.GetEntry("k").Holders.Single(h => h.Silo == "b").GrantIndex;
        driver.Put("k", "w", "v2");

        var renew = driver.Apply(new CacheRenewCommand("k", "b", grantOfB));

        Assert.Equal((CacheResultStatus.Failed, CacheErrorCode.NotHolder), (renew.Status, renew.Error));
    }

    [Fact]
    public void Renew_ExtendsTheLeaseFromCommittedTime_AndRejectsAnOtherGrant()
    {
        var driver = new CacheDirectoryDriver();
        var put = driver.Put("k", "a", "v");
        driver.NowMs += 400;

        var renewed = driver.Apply(new CacheRenewCommand("k", "a", put.GrantIndex));
        var wrongGrant = driver.Apply(new CacheRenewCommand("k", "a", put.GrantIndex + 1));
        var wrongSilo = driver.Apply(new CacheRenewCommand("k", "b", put.GrantIndex));

        Assert.Equal((CacheResultStatus.Ok, CacheLineState.Exclusive, put.GrantIndex), (renewed.Status, renewed.State, renewed.GrantIndex));
        Assert.Equal(driver.NowMs + LeaseMs, driver.Directory.GetEntry("k").Holders.Single().LeaseEndMs);
        Assert.Equal(CacheErrorCode.NotHolder, wrongGrant.Error);
        Assert.Equal(CacheErrorCode.NotHolder, wrongSilo.Error);
    }

    [Fact]
    public void CompareAndSet_MismatchFailsAtOnceWithoutInvalidating_MatchSucceeds()
    {
        var driver = ShareBetween("a", "b");
        var version = driver.Directory.Peek("k").Version;

        var mismatch = driver.Put("k", "w", "x", expectedVersion: (long)version + 5);
        Assert.Equal((CacheResultStatus.Failed, CacheErrorCode.VersionMismatch, version), (mismatch.Status, mismatch.Error, mismatch.Version));
        Assert.Empty(driver.Directory.TakeInvalidations());
        Assert.Equal(2, driver.Directory.GetEntry("k").Holders.Count);

        var match = driver.Put("k", "w", "x", expectedVersion: (long)version);
        Assert.Equal(CacheResultStatus.Waiting, match.Status);
    }

    [Fact]
    public void CompareAndSet_ExpectedZero_CreatesOnlyWhenAbsent()
    {
        var driver = new CacheDirectoryDriver();

        Assert.Equal(CacheResultStatus.Written, driver.Put("k", "a", "v", expectedVersion: 0).Status);
        Assert.Equal(CacheErrorCode.VersionMismatch, driver.Put("k", "b", "v", expectedVersion: 0).Error);
        Assert.Equal(CacheErrorCode.VersionMismatch, driver.Delete("k", "b", expectedVersion: 7).Error);
    }

    [Fact]
    public void Delete_InvalidatesHolders_LeavesTheKeyAbsent_AndVersionsAreNeverReused()
    {
        var driver = ShareBetween("a", "b");
        var before = driver.Directory.Peek("k").Version;
        var delete = driver.Delete("k", "w");
        Assert.Equal(CacheResultStatus.Waiting, delete.Status);
        foreach (var invalidation in driver.Directory.TakeInvalidations())
        {
            driver.Ack("k", invalidation.Silo, invalidation.OperationIndex);
        }

        var done = Assert.Single(driver.TakeNotifications());
        Assert.Equal((CacheResultStatus.Written, 0UL, CacheLineState.Invalid), (done.Status, done.Version, done.State));
        Assert.Equal(CacheResultStatus.NotFound, driver.Fill("k", "a").Status);
        Assert.Equal(0, driver.Directory.KeyCount);

        var recreated = driver.Put("k", "a", "again");
        Assert.True(recreated.Version > before);
    }

    [Fact]
    public void Ttl_WithNoHolders_RemovesTheKeyAtItsDeadline()
    {
        var driver = new CacheDirectoryDriver();
        driver.Put("k", "a", "v", ttlMs: 5_000);
        driver.Apply(new CacheEvictCommand("k", "a", driver.Index));
        Assert.Equal(driver.NowMs + 5_000, driver.Directory.NextDeadlineMs);

        driver.Advance(4_999);
        Assert.True(driver.Directory.Peek("k").Value is not null);
        driver.Advance(1);

        Assert.Null(driver.Directory.Peek("k").Value);
        Assert.Null(driver.Directory.NextDeadlineMs);
    }

    [Fact]
    public void Ttl_WithAHolder_InvalidatesFirst_AndAFillMeanwhileWaitsThenFindsNothing()
    {
        var driver = new CacheDirectoryDriver();
        driver.Put("k", "a", "v", ttlMs: 500);
        driver.Advance(500);
        var invalidation = Assert.Single(driver.Directory.TakeInvalidations());
        Assert.Equal(("a", false), (invalidation.Silo, invalidation.Downgrade));
        Assert.True(driver.Directory.Peek("k").Value is not null);

        var fill = driver.Fill("k", "b");
        Assert.Equal(CacheResultStatus.Waiting, fill.Status);
        driver.Ack("k", "a", invalidation.OperationIndex);

        var notFound = Assert.Single(driver.TakeNotifications());
        Assert.Equal((CacheResultStatus.NotFound, fill.WaitId), (notFound.Status, notFound.WaitId));
    }

    [Fact]
    public void Evict_RemovesTheMatchingGrantOnly_AndDuringAWriteCountsAsAnAck()
    {
        var driver = ShareBetween("a", "b");
        var holders = driver.Directory.GetEntry("k").Holders.ToDictionary(h => h.Silo);

        driver.Apply(new CacheEvictCommand("k", "a", holders["a"].GrantIndex + 100));
        Assert.Equal(2, driver.Directory.GetEntry("k").Holders.Count);
        driver.Apply(new CacheEvictCommand("k", "a", holders["a"].GrantIndex));
        Assert.Equal(["b"], driver.Directory.GetEntry("k").Holders.Select(h => h.Silo));

        var put = driver.Put("k", "w", "v2");
        Assert.Equal(CacheResultStatus.Waiting, put.Status);
        driver.Apply(new CacheEvictCommand("k", "b", holders["b"].GrantIndex));
        Assert.Equal(CacheResultStatus.Written, Assert.Single(driver.TakeNotifications()).Status);
    }

    [Fact]
    public void StaleAndRepeatedAcks_ChangeNothing()
    {
        var driver = ShareBetween("a", "b");
        var put = driver.Put("k", "w", "v2");
        driver.Ack("k", "a", put.WaitId - 1);
        driver.Ack("k", "w", put.WaitId);
        driver.Ack("other", "a", put.WaitId);
        Assert.Equal(["a", "b"], driver.Directory.GetEntry("k").PendingWaitingFor);

        driver.Ack("k", "a", put.WaitId);
        driver.Ack("k", "a", put.WaitId);
        Assert.Equal(["b"], driver.Directory.GetEntry("k").PendingWaitingFor);
    }

    [Fact]
    public void WriteBackMode_RecallCarriesTheDirtyValue_WithAFreshVersion()
    {
        var driver = new CacheDirectoryDriver();
        var put = driver.Put("k", "w", "v1", mode: CacheWriteMode.WriteBack);
        Assert.Equal(CacheLineState.Modified, put.State);

        var fill = driver.Fill("k", "a");
        var recall = Assert.Single(driver.Directory.TakeInvalidations());
        Assert.True(recall.Downgrade);
        driver.Ack("k", "w", recall.OperationIndex, CacheDirtyValue.Of(Bytes("v1-local")));

        var granted = Assert.Single(driver.TakeNotifications());
        Assert.Equal((fill.WaitId, "v1-local", CacheLineState.Shared), (granted.WaitId, Text(granted.Value), granted.State));
        Assert.True(granted.Version > put.Version);
        Assert.All(driver.Directory.GetEntry("k").Holders, h => Assert.Equal(CacheLineState.Shared, h.State));
    }

    [Fact]
    public void WriteBack_FlushKeepsModified_ReleaseGivesTheLineUp_OthersAreRefused()
    {
        var driver = new CacheDirectoryDriver();
        var put = driver.Put("k", "w", "v1", mode: CacheWriteMode.WriteBack);

        var flush = driver.Apply(new CacheWriteBackCommand("k", "w", put.GrantIndex, CacheDirtyValue.Of(Bytes("v2")), Release: false));
        Assert.Equal((CacheResultStatus.Ok, CacheLineState.Modified), (flush.Status, flush.State));
        Assert.Equal("v2", Text(driver.Directory.Peek("k").Value!));

        var intruder = driver.Apply(new CacheWriteBackCommand("k", "x", put.GrantIndex, CacheDirtyValue.Of(Bytes("evil")), Release: false));
        Assert.Equal(CacheErrorCode.NotHolder, intruder.Error);

        driver.Apply(new CacheWriteBackCommand("k", "w", put.GrantIndex, CacheDirtyValue.Of(null), Release: true));
        Assert.Null(driver.Directory.Peek("k").Value);
        Assert.Empty(driver.Directory.GetEntry("k").Holders);
    }

    [Fact]
    public void WriteBackMode_OwnerWhoseLeaseLapses_LosesItsDirtyValue()
    {
        var driver = new CacheDirectoryDriver();
        driver.Put("k", "w", "v1", mode: CacheWriteMode.WriteBack);
        driver.Advance(LeaseMs);

        var fill = driver.Fill("k", "a");

        Assert.Equal((CacheResultStatus.Granted, CacheLineState.Exclusive, "v1"), (fill.Status, fill.State, Text(fill.Value)));
    }

    [Fact]
    public void WriteBackMode_WriteByAnotherSilo_AppliesTheOwnersAckFirst_SoCompareAndSetSeesIt()
    {
        var driver = new CacheDirectoryDriver();
        var put = driver.Put("k", "w", "v1", mode: CacheWriteMode.WriteBack);

        // CAS against the directory's version: the dirty owner may change it, so it is checked at completion.
        var cas = driver.Put("k", "x", "v3", expectedVersion: (long)put.Version);
        Assert.Equal(CacheResultStatus.Waiting, cas.Status);
        var invalidation = Assert.Single(driver.Directory.TakeInvalidations());
        Assert.False(invalidation.Downgrade);
        driver.Ack("k", "w", invalidation.OperationIndex, CacheDirtyValue.Of(Bytes("v2-local")));

        var failed = Assert.Single(driver.TakeNotifications());
        Assert.Equal(CacheErrorCode.VersionMismatch, failed.Error);
        Assert.Equal("v2-local", Text(driver.Directory.Peek("k").Value!));
    }

    [Fact]
    public void ARequestBehindAFullQueue_IsBusy()
    {
        var driver = ShareBetween("a", "b", new CacheDirectoryOptions { LeaseMs = LeaseMs, MaxQueuedPerKey = 2 });
        driver.Put("k", "w", "v2");

        Assert.Equal(CacheResultStatus.Waiting, driver.Fill("k", "c").Status);
        Assert.Equal(CacheResultStatus.Waiting, driver.Put("k", "d", "v3").Status);
        Assert.Equal(CacheErrorCode.Busy, driver.Fill("k", "e").Error);
    }

    [Fact]
    public void QueuedRequests_RunInLogOrder_SoEachReadSeesTheWriteBeforeIt()
    {
        var driver = ShareBetween("a", "b");
        var first = driver.Put("k", "w", "v2");
        var second = driver.Put("k", "x", "v3");
        var read = driver.Fill("k", "x");
        foreach (var invalidation in driver.Directory.TakeInvalidations())
        {
            driver.Ack("k", invalidation.Silo, invalidation.OperationIndex);
        }

        // First completes; second then invalidates the first writer; the fill by the second writer is a re-grant.
        var notifications = driver.TakeNotifications().ToList();
        var next = Assert.Single(driver.Directory.TakeInvalidations());
        driver.Ack("k", next.Silo, next.OperationIndex);
        notifications.AddRange(driver.TakeNotifications());

        Assert.Equal([first.WaitId, second.WaitId, read.WaitId], notifications.Select(n => n.WaitId));
        Assert.Equal("v3", Text(notifications[2].Value));
        Assert.Equal(CacheLineState.Exclusive, notifications[2].State);
    }

    [Fact]
    public void TooManyHolders_IsRefused()
    {
        var driver = new CacheDirectoryDriver(new CacheDirectoryOptions { LeaseMs = LeaseMs, MaxHoldersPerKey = 2 });
        driver.Put("k", "w", "v");
        driver.Fill("k", "a");
        driver.Ack("k", "w", driver.Index);

        Assert.Equal(CacheErrorCode.TooManyHolders, driver.Fill("k", "b").Error);
    }

    [Fact]
    public void CapacityBounds_AreTypedErrors()
    {
        var driver = new CacheDirectoryDriver(new CacheDirectoryOptions { LeaseMs = LeaseMs, MaxKeys = 1, MaxTotalValueBytes = 4, MaxValueBytes = 4 });

        Assert.Equal(CacheResultStatus.Written, driver.Put("k", "a", "1234").Status);
        Assert.Equal(CacheErrorCode.CapacityExceeded, driver.Put("other", "a", "1").Error);
        Assert.Equal(CacheErrorCode.ValueTooLarge, driver.Put("k", "a", "12345").Error);
    }

    [Theory]
    [InlineData("", "a", (byte)CacheErrorCode.InvalidKey)]
    [InlineData("bad\nkey", "a", (byte)CacheErrorCode.InvalidKey)]
    [InlineData("k", "", (byte)CacheErrorCode.InvalidSilo)]
    public void InvalidKeysAndSilos_AreRefusedForEveryCommand(string key, string silo, byte expectedCode)
    {
        var expected = (CacheErrorCode)expectedCode;
        var driver = new CacheDirectoryDriver();
        CacheCommand[] commands =
        [
            new CacheFillCommand(key, silo), CacheWriteCommand.Put(key, silo, [1]), new CacheAckCommand(key, silo, 1, null),
            new CacheRenewCommand(key, silo, 1), new CacheEvictCommand(key, silo, 1),
            new CacheWriteBackCommand(key, silo, 1, CacheDirtyValue.Of([1]), false),
        ];

        Assert.All(commands, c => Assert.Equal(expected, driver.Apply(c).Error));
    }

    [Fact]
    public void OutOfRangeWriteFields_AreInvalidArguments()
    {
        var driver = new CacheDirectoryDriver();
        var tooLongKey = new string('k', CacheDirectoryOptions.DefaultMaxKeyBytes + 1);

        Assert.Equal(CacheErrorCode.InvalidKey, driver.Put(tooLongKey, "a", "v").Error);
        Assert.Equal(CacheErrorCode.InvalidArgument, driver.Put("k", "a", "v", ttlMs: -1).Error);
        Assert.Equal(CacheErrorCode.InvalidArgument, driver.Put("k", "a", "v", expectedVersion: -2).Error);
        Assert.Equal(CacheErrorCode.InvalidArgument, driver.Apply(new CacheWriteCommand("k", "a", (CacheWriteKind)9, [], 0, -1, CacheWriteMode.WriteThrough)).Error);
        Assert.Equal(CacheErrorCode.ValueTooLarge, driver.Apply(new CacheWriteCommand("k", "a", CacheWriteKind.Delete, [1], 0, -1, CacheWriteMode.WriteThrough)).Error);
    }

    [Fact]
    public void Apply_OfMalformedBytes_IsAnInvalidArgumentResult_AndTheIndexCounts()
    {
        var directory = new CacheDirectory(new CacheDirectoryOptions());

        var result = CacheResultCodec.Decode(directory.Apply(1, 5, new byte[] { 1, 99 }).Span);

        Assert.Equal((CacheResultStatus.Failed, CacheErrorCode.InvalidArgument), (result.Status, result.Error));
        Assert.Equal(1UL, directory.LastAppliedIndex);
        Assert.Throws<ArgumentOutOfRangeException>(() => directory.Apply(1, 5, new CacheExpireCommand()));
    }

    [Fact]
    public void PendingInvalidations_ListsEveryUnackedHolder_ForResending()
    {
        var driver = ShareBetween("a", "b");
        var put = driver.Put("k", "w", "v2");
        driver.Ack("k", "a", put.WaitId);

        Assert.Equal([new CacheInvalidation("b", "k", put.WaitId, false)], driver.Directory.PendingInvalidations());
    }

    [Fact]
    public void Query_GetEntry_AnswersTheEncodedView()
    {
        var driver = ShareBetween("a", "b");
        var query = new BinaryBuilder().Byte((byte)CacheQueryKind.GetEntry).String16("k").ToArray();

        var info = CacheResultCodec.DecodeEntryInfo(driver.Directory.Query(query).Span);

        Assert.Equal(driver.Directory.GetEntry("k").Holders, info.Holders);
        Assert.True(info.Exists);
        Assert.Throws<CommandFormatException>(() => driver.Directory.Query(new byte[] { 77 }));
    }

    [Fact]
    public void CommittedTime_NeverMovesBackwards()
    {
        var driver = new CacheDirectoryDriver();
        driver.Put("k", "a", "v");
        var leaseEnd = driver.Directory.GetEntry("k").Holders.Single().LeaseEndMs;

        driver.NowMs -= 5_000;
        driver.Apply(new CacheExpireCommand());

        Assert.Equal(leaseEnd, driver.Directory.GetEntry("k").Holders.Single().LeaseEndMs);
        Assert.Equal(10_000, driver.Directory.NowMs);
    }

    /// <summary>"k" = "v1", held in S by <paramref name="first"/> and <paramref name="second"/>; no invalidation left undrained.</summary>
    private static CacheDirectoryDriver ShareBetween(string first, string second, CacheDirectoryOptions? options = null)
    {
        var driver = new CacheDirectoryDriver(options ?? new CacheDirectoryOptions { LeaseMs = LeaseMs });
        Assert.Equal(CacheResultStatus.Written, driver.Put("k", first, "v1").Status);
        var fill = driver.Fill("k", second);
        var recall = Assert.Single(driver.Directory.TakeInvalidations());
        driver.Ack("k", first, recall.OperationIndex);
        Assert.Equal(fill.WaitId, Assert.Single(driver.TakeNotifications()).WaitId);
        return driver;
    }
}
