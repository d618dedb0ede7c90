using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;
using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Interfaces.Cache;
using OrleansSync.Grains.Tests.Raft.Hosting;
using Xunit.Abstractions;
using static OrleansSync.Grains.Tests.Cache.Hosting.CacheClusterHarness;

namespace OrleansSync.Grains.Tests.Cache.Hosting;

/// <summary>The directory in a Raft group, invalidations over Orleans streams and a near cache per silo, on a three-silo cluster.</summary>
public sealed class CacheClusterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task ReadingAKeyFromTwoSilos_LeavesBothSharedInTheDirectory_AndTheSecondReadIsAHit()
    {
        await using var cluster = Build(_dataDirectory);
        await cluster.DeployAsync();
        await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "start");

        await ClientOf(cluster, 0).SetAsync("shared", Bytes("v1"));
        var first = await ClientOf(cluster, 1).GetAsync("shared");
        var second = await ClientOf(cluster, 2).GetAsync("shared");
        var again = await ClientOf(cluster, 1).GetAsync("shared");
        var entry = await DirectoryEntryAsync(cluster.Client, "shared");
        var stats = await ClientOf(cluster, 1).StatsAsync();

        Assert.Equal("v1", Text(first!.Value));
        Assert.Equal("v1", Text(second!.Value));
        Assert.Equal("v1", Text(again!.Value));
        Assert.Equal(CacheLineState.Shared, entry.Holders.Single(h => h.Silo == IdentityOf(cluster, 1)).State);
        Assert.Equal(CacheLineState.Shared, entry.Holders.Single(h => h.Silo == IdentityOf(cluster, 2)).State);
        Assert.All(entry.Holders, h => Assert.Equal(CacheLineState.Shared, h.State));
        Assert.Equal("S", await ClientOf(cluster, 1).LineStateAsync("shared"));
        Assert.Equal("S", await ClientOf(cluster, 2).LineStateAsync("shared"));
        Assert.Equal(1, stats.Hits);
    }

    [Fact]
    public async Task AWriteOnOneSilo_InvalidatesTheOtherSilosCopy_AndTheNextReadThereSeesTheNewValue()
    {
        await using var cluster = Build(_dataDirectory);
        await cluster.DeployAsync();
        await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "start");
        var reader = ClientOf(cluster, 1);
        var writer = ClientOf(cluster, 2);

        for (var round = 0; round < 5; round++)
        {
            await writer.SetAsync("hot", Bytes($"v{round}"));
            var read = await reader.GetAsync("hot");
            var hit = await reader.GetAsync("hot");

            // The write returned only after the reader's copy was dropped: no read after it sees an older value.
            Assert.Equal($"v{round}", Text(read!.Value));
            Assert.Equal($"v{round}", Text(hit!.Value));
            Assert.Equal("S", await reader.LineStateAsync("hot"));
        }

        await writer.SetAsync("hot", Bytes("last"));
        Assert.Equal("I", await reader.LineStateAsync("hot"));
        Assert.Equal("last", Text((await reader.GetAsync("hot"))!.Value));
        var stats = await reader.StatsAsync();
        // Every write but the first found the reader's copy: 5 invalidations at least (the leader's
        // resends of one still unacked can deliver it twice, and acks are idempotent).
        Assert.True(stats.InvalidationsAcked >= 5, $"acked {stats.InvalidationsAcked} invalidations");
        Assert.Equal(6, stats.Misses);
    }

    [Fact]
    public async Task TheInvalidationStream_TakesItsQueueCountAndPollPeriodFromTheCacheOptions_AndCarriesInvalidations()
    {
        await using var cluster = Build(_dataDirectory, configure: options =>
        {
            options.InvalidationQueueCount = 2;
            options.InvalidationPollMs = 7;
        });
        await cluster.DeployAsync();
        await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "start");
        var services = cluster.Silos[0].ServiceProvider;
        var pulling = services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(CacheStreamNames.Provider);
        var queues = services.GetRequiredService<IOptionsMonitor<HashRingStreamQueueMapperOptions>>().Get(CacheStreamNames.Provider);
        var pubSub = services.GetRequiredService<IOptionsMonitor<StreamPubSubOptions>>().Get(CacheStreamNames.Provider);

        await ClientOf(cluster, 0).SetAsync("polled", Bytes("v1"));
        var before = await ClientOf(cluster, 1).GetAsync("polled");
        await ClientOf(cluster, 0).SetAsync("polled", Bytes("v2"));
        var lineAfterWrite = await ClientOf(cluster, 1).LineStateAsync("polled");
        var after = await ClientOf(cluster, 1).GetAsync("polled");

        Assert.Equal(TimeSpan.FromMilliseconds(7), pulling.GetQueueMsgsTimerPeriod);
        Assert.Equal(2, queues.TotalQueueCount);
        Assert.Equal(StreamPubSubType.ImplicitOnly, pubSub.PubSubType);
        Assert.Equal("v1", Text(before!.Value));
        Assert.Equal("I", lineAfterWrite);
        Assert.Equal("v2", Text(after!.Value));
    }

    [Fact]
    public async Task ADeleteAndACompareAndSet_GoThroughTheDirectory()
    {
        await using var cluster = Build(_dataDirectory);
        await cluster.DeployAsync();
        await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "start");
        var reader = ClientOf(cluster, 0);
        var writer = ClientOf(cluster, 1);

        var version = await writer.SetAsync("cas", Bytes("a"));
        Assert.Equal("a", Text((await reader.GetAsync("cas"))!.Value));
        var mismatch = await Assert.ThrowsAsync<Grains.Cache.Client.CacheException>(() => writer.CompareAndSetAsync("cas", version + 100, Bytes("b")));
        var swapped = await writer.CompareAndSetAsync("cas", version, Bytes("b"));
        Assert.Equal("b", Text((await reader.GetAsync("cas"))!.Value));
        await writer.DeleteAsync("cas");

        Assert.Equal(Interfaces.Cache.CacheErrorCode.VersionMismatch, mismatch.Code);
        Assert.Equal(version, mismatch.CurrentVersion);
        Assert.True(swapped > version);
        Assert.Null(await reader.GetAsync("cas"));
    }

    [Fact]
    public async Task TheLruBound_HoldsUnderAWorkingSetTenTimesLarger()
    {
        const int bound = 8;
        await using var cluster = Build(_dataDirectory, nearCacheMaxEntries: bound);
        await cluster.DeployAsync();
        await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "start");
        var writer = ClientOf(cluster, 0);
        var reader = ClientOf(cluster, 1);
        var keys = Enumerable.Range(0, bound * 10).Select(i => $"lru-{i}").ToList();
        foreach (var key in keys)
        {
            await writer.SetAsync(key, Bytes(key));
        }

        var maxEntries = 0;
        foreach (var key in keys)
        {
            Assert.Equal(key, Text((await reader.GetAsync(key))!.Value));
            maxEntries = Math.Max(maxEntries, (await reader.StatsAsync()).Entries);
        }

        var stats = await reader.StatsAsync();
        Assert.Equal(bound, maxEntries);
        Assert.Equal(bound * 9, stats.Evictions);
        Assert.Equal("S", await reader.LineStateAsync(keys[^1]));
        Assert.Equal("I", await reader.LineStateAsync(keys[0]));
    }

    [Fact]
    public async Task KillingTheSiloOfTheDirectoryLeader_TheCacheStillServesCommittedValues()
    {
        await using var cluster = Build(_dataDirectory);
        await cluster.DeployAsync();
        var names = cluster.Silos.Select(s => s.Name).ToList();
        var leader = await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, names, "start");
        var survivors = Enumerable.Range(0, 3).Where(i => cluster.Silos[i].Name != leader.Silo).ToList();
        var reader = ClientOf(cluster, survivors[0]);
        var writer = ClientOf(cluster, survivors[1]);
        await writer.SetAsync("durable", Bytes("before"));
        Assert.Equal("before", Text((await reader.GetAsync("durable"))!.Value));

        var stopwatch = Stopwatch.StartNew();
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Name == leader.Silo));
        await writer.SetAsync("durable", Bytes("after"));
        var read = await reader.GetAsync("durable");
        output.WriteLine($"write and read across the failover took {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal("after", Text(read!.Value));
        Assert.NotEqual(leader.Silo, (await RaftGroupHarness.WaitForLeaderElsewhereAsync(cluster.Client, "after kill", leader.Silo)).Silo);
    }

    [Fact]
    public async Task AHolderSiloKilledBeforeItAcks_TheWriterCompletesOnceTheHoldersLeaseRunsOut()
    {
        await using var cluster = Build(_dataDirectory);
        await cluster.DeployAsync();
        var leader = await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "start");
        var followers = Enumerable.Range(0, 3).Where(i => cluster.Silos[i].Name != leader.Silo).ToList();
        var (holder, writerSilo) = (followers[0], followers[1]);
        var holderIdentity = IdentityOf(cluster, holder);
        var writer = ClientOf(cluster, writerSilo);
        await writer.SetAsync("orphan", Bytes("v1"));
        Assert.Equal("v1", Text((await ClientOf(cluster, holder).GetAsync("orphan"))!.Value));
        Assert.Contains((await DirectoryEntryAsync(cluster.Client, "orphan")).Holders, h => h.Silo == holderIdentity);

        // The holder dies with its copy: its invalidation can never be acked (a stray activation
        // elsewhere must not ack for it), so the write waits for the lease the directory granted.
        await cluster.KillSiloAsync(cluster.Silos[holder]);
        var version = await writer.SetAsync("orphan", Bytes("v2"));
        var entry = await DirectoryEntryAsync(cluster.Client, "orphan");

        Assert.Equal(version, entry.Version);
        Assert.DoesNotContain(entry.Holders, h => h.Silo == holderIdentity);
        Assert.Equal("v2", Text((await ClientOf(cluster, cluster.Silos.IndexOf(cluster.Silos.Single(s => s.Name == leader.Silo))).GetAsync("orphan"))!.Value));
    }

    [Fact]
    public async Task State_AfterReadsThroughTwoSilos_ShowsBothShared_AndAfterAWriteOnlyTheWriterHoldsIt()
    {
        await using var cluster = Build(_dataDirectory);
        await cluster.DeployAsync();
        await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "start");
        var (first, second) = (ClientOf(cluster, 1), ClientOf(cluster, 2));

        await ClientOf(cluster, 0).SetAsync("observed", Bytes("v1"));
        await first.GetAsync("observed");
        await second.GetAsync("observed");
        var shared = await first.StateAsync("observed");
        var version = await first.SetAsync("observed", Bytes("v2"));
        var written = await second.StateAsync("observed");

        Assert.Equal(("observed", true), (shared.Key, shared.Exists));
        Assert.Equal(["S", "S"], [LineOf(shared, cluster, 1), LineOf(shared, cluster, 2)]);
        Assert.Contains(shared.Sharers, s => s.Identity == IdentityOf(cluster, 1) && s.Name == cluster.Silos[1].Name);
        Assert.Contains(shared.Sharers, s => s.Identity == IdentityOf(cluster, 2) && s.Name == cluster.Silos[2].Name);
        Assert.Null(shared.Owner);
        AssertAtMostOneOwner(shared);

        Assert.Equal(version, written.Version);
        Assert.Equal((IdentityOf(cluster, 1), "E"), (written.Owner?.Identity, written.OwnerState));
        Assert.Empty(written.Sharers);
        Assert.Equal(["I", "E", "I"], [LineOf(written, cluster, 0), LineOf(written, cluster, 1), LineOf(written, cluster, 2)]);
        AssertAtMostOneOwner(written);
    }

    [Fact]
    public async Task ClusterStats_ListEverySiloByName_WithItsHitsMissesAndAcks()
    {
        await using var cluster = Build(_dataDirectory);
        await cluster.DeployAsync();
        await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "start");
        await ClientOf(cluster, 0).SetAsync("counted", Bytes("v1"));
        await ClientOf(cluster, 1).GetAsync("counted");
        await ClientOf(cluster, 1).GetAsync("counted");
        await ClientOf(cluster, 2).SetAsync("counted", Bytes("v2"));

        var reports = await ClientOf(cluster, 0).ClusterStatsAsync();

        Assert.Equal([.. cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).Order(StringComparer.Ordinal)], [.. reports.Select(r => r.Silo.Identity).Order(StringComparer.Ordinal)]);
        Assert.All(reports, r => Assert.Null(r.Error));
        var reader = reports.Single(r => r.Silo.Identity == IdentityOf(cluster, 1));
        Assert.Equal(cluster.Silos[1].Name, reader.Silo.Name);
        Assert.Equal((1L, 1L), (reader.Stats!.Hits, reader.Stats.Misses));

        // The write through silo 2 invalidated silo 1's copy and recalled silo 0's (downgraded to S by the read, then dropped).
        Assert.True(reader.Stats.InvalidationsAcked >= 1, $"silo 1 acked {reader.Stats.InvalidationsAcked}");
        Assert.True(reports.Single(r => r.Silo.Identity == IdentityOf(cluster, 0)).Stats!.Recalls >= 1);
        Assert.Equal(1, reports.Single(r => r.Silo.Identity == IdentityOf(cluster, 2)).Stats!.ExclusiveLines);
    }

    [Fact]
    public async Task AnInSiloRead_OfALiveCopy_IsAHitWithNoGrainCall_AndAnInvalidatedCopyIsNeverServed()
    {
        await using var cluster = Build(_dataDirectory);
        await cluster.DeployAsync();
        await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "start");
        var local = InSiloClientOf(cluster, 1);
        var writer = ClientOf(cluster, 2);

        for (var round = 0; round < 3; round++)
        {
            await writer.SetAsync("local", Bytes($"v{round}"));
            var fill = await local.GetAsync("local");
            var (callsBefore, statsBefore) = (NearCacheGetCallsOf(cluster, 1), await ClientOf(cluster, 1).StatsAsync());
            var hit = await local.GetAsync("local");
            var (callsAfter, statsAfter) = (NearCacheGetCallsOf(cluster, 1), await ClientOf(cluster, 1).StatsAsync());

            // The write returned only after silo 1's read view dropped the older copy: the fill saw the new value.
            Assert.Equal(($"v{round}", false), (Text(fill!.Value), fill.Hit));
            Assert.Equal(($"v{round}", true), (Text(hit!.Value), hit.Hit));
            Assert.Equal(callsBefore, callsAfter);
            Assert.Equal((statsBefore.Hits + 1, statsBefore.Misses), (statsAfter.Hits, statsAfter.Misses));
        }
    }

    [Fact]
    public async Task AKeyWithATtl_IsGoneFromEverySiloOnceItExpires_AndItsCopiesAreInvalidated()
    {
        await using var cluster = Build(_dataDirectory);
        await cluster.DeployAsync();
        await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "start");
        var ttl = TimeSpan.FromSeconds(3);
        var reader = ClientOf(cluster, 1);

        await ClientOf(cluster, 0).SetAsync("ttl", Bytes("short-lived"), ttl);
        var before = await reader.GetAsync("ttl");
        var lineBefore = await reader.LineStateAsync("ttl");

        // The leader proposes the expiry at the TTL's deadline in committed time; under load that
        // commit can come late, so this waits for it (bounded) instead of assuming when it lands.
        await Task.Delay(ttl);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var entry = await DirectoryEntryAsync(cluster.Client, "ttl");
        while (entry.Exists && !deadline.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
            entry = await DirectoryEntryAsync(cluster.Client, "ttl");
        }

        Assert.Equal("short-lived", Text(before!.Value));
        Assert.Equal("S", lineBefore);
        Assert.False(entry.Exists, $"'ttl' still exists {ttl + TimeSpan.FromSeconds(20)} after it was written with a {ttl.TotalMilliseconds} ms TTL");
        Assert.Empty(entry.Holders);
        Assert.Equal("I", await reader.LineStateAsync("ttl"));
        Assert.Null(await reader.GetAsync("ttl"));
        Assert.Null(await ClientOf(cluster, 2).GetAsync("ttl"));
    }

    private static string LineOf(Grains.Cache.Client.CacheKeyState state, Orleans.TestingHost.InProcessTestCluster cluster, int index) =>
        state.Silos.Single(s => s.Silo.Identity == IdentityOf(cluster, index)) is var line && line.State is { } letter ? letter : $"unanswered: {line.Error}";

    private static void AssertAtMostOneOwner(Grains.Cache.Client.CacheKeyState state)
    {
        var owners = state.Silos.Where(s => s.State is "M" or "E").ToList();
        Assert.True(owners.Count <= 1, $"{owners.Count} silos in M or E: {string.Join(", ", owners.Select(o => o.Silo.Name))}");
        Assert.All(state.Silos, s => Assert.Null(s.Error));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
