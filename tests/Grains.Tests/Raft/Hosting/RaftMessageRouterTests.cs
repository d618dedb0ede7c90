using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Runtime.Testing;
using Xunit.Abstractions;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>Raft traffic batched per silo pair by <see cref="RaftMessageRouter"/>.</summary>
public sealed class RaftMessageRouterTests(ITestOutputHelper output) : IDisposable
{
    private const int Groups = 8;
    private const int PutsPerGroup = 20;

    /// <summary>RAFT_ROUTER_IDLE_MS=2000 adds an idle window to the measurement (heartbeats only); 0 by default to keep the suite fast.</summary>
    private static readonly int IdleWindowMs = int.TryParse(Environment.GetEnvironmentVariable("RAFT_ROUTER_IDLE_MS"), out var ms) ? Math.Clamp(ms, 0, 60_000) : 0;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-router-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public void RoutedBatch_RoundTrips_AndMalformedPayloadsAreRefused()
    {
        RoutedMessages[] entries = [new(new RaftPeerKey(3, 7), [1, 2, 3]), new(new RaftPeerKey(0, 0), [])];

        var decoded = RaftRoutedBatchCodec.Decode(RaftRoutedBatchCodec.Encode(entries));

        Assert.Equal(entries.Select(e => (e.Destination, e.Batch.Length)), decoded.Select(e => (e.Destination, e.Batch.Length)));
        Assert.Equal([1, 2, 3], decoded[0].Batch);
        var encoded = RaftRoutedBatchCodec.Encode(entries);
        Assert.Throws<FormatException>(() => RaftRoutedBatchCodec.Decode(encoded[..^1]));
        Assert.Throws<FormatException>(() => RaftRoutedBatchCodec.Decode([.. encoded, 0]));
        Assert.Throws<FormatException>(() => RaftRoutedBatchCodec.Decode([255, 255, 255, 127]));
    }

    /// <summary>Measures silo-to-silo calls with and without the router; asserts only that routing coalesced batches.</summary>
    [Fact]
    public async Task Router_CarriesManyPeerBatchesPerSiloCall_AndGroupsKeepCommitting()
    {
        var direct = await MeasureAsync(batchPerSilo: false);
        var routed = await MeasureAsync(batchPerSilo: true);

        foreach (var (name, m) in new[] { ("direct", direct), ("routed", routed) })
        {
            output.WriteLine($"{name}: {Groups * PutsPerGroup} puts in {m.ElapsedMs} ms; {m.SiloCalls} silo-to-silo calls = {m.CallsPerSecond:F0}/s, " +
                $"{(double)m.SiloCalls / (Groups * PutsPerGroup):F2} per put; idle {m.IdleCallsPerSecond:F0} calls/s; " +
                $"router: {m.Batches} peer batches ({m.Messages} Raft messages) in {m.RouterCalls} calls, {m.Dropped} dropped");
        }

        output.WriteLine($"ratio direct/routed: calls per put {(double)direct.SiloCalls / routed.SiloCalls:F2}, calls per second {direct.CallsPerSecond / routed.CallsPerSecond:F2}, " +
            $"idle calls per second {direct.IdleCallsPerSecond / Math.Max(1, routed.IdleCallsPerSecond):F2}");
        Assert.True(routed.RouterCalls < routed.Batches, $"{routed.Batches} batches went in {routed.RouterCalls} calls: nothing was coalesced");
        Assert.True(routed.Messages >= routed.Batches);
    }

    private async Task<Measurement> MeasureAsync(bool batchPerSilo)
    {
        var directory = Path.Combine(_dataDirectory, batchPerSilo ? "routed" : "direct");
        await using var cluster = RaftGroupHarness.Build(directory, new KeyValueFactory(), silos: 3, groups: Groups, batchPerSilo: batchPerSilo);
        await cluster.DeployAsync();
        var silos = cluster.Silos.Select(s => s.Name).ToList();
        var leaders = new RaftPeerStatus[Groups];
        for (var group = 0; group < Groups; group++)
        {
            leaders[group] = await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.GrainFactory, group, silos, "settle");
        }

        var routers = cluster.Silos.Select(s => s.Services.GetRequiredService<RaftMessageRouter>()).ToList();
        var (batches, messages, calls, dropped) = (routers.Sum(r => r.RoutedBatches), routers.Sum(r => r.RoutedMessages), routers.Sum(r => r.Calls), routers.Sum(r => r.DroppedBatches));
        using var counter = new SiloCallCounter(cluster);
        var started = TimeProvider.System.GetTimestamp();
        await Task.WhenAll(leaders.Select(leader => PutsAsync(cluster, leader)));
        var elapsedMs = (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        var loadCalls = counter.Calls;
        var idleCallsPerSecond = 0.0;
        if (IdleWindowMs > 0)
        {
            // A measurement window (not synchronization), only when asked for: heartbeats alone.
            await Task.Delay(IdleWindowMs);
            idleCallsPerSecond = (counter.Calls - loadCalls) * 1000.0 / IdleWindowMs;
        }

        return new Measurement(
            loadCalls, Math.Max(1, elapsedMs), idleCallsPerSecond, routers.Sum(r => r.RoutedBatches) - batches, routers.Sum(r => r.RoutedMessages) - messages,
            routers.Sum(r => r.Calls) - calls, routers.Sum(r => r.DroppedBatches) - dropped);
    }

    private static async Task PutsAsync(TestCluster cluster, RaftPeerStatus leader)
    {
        var peer = RaftGroupHarness.Peer(cluster.GrainFactory, leader.Replica, leader.Group);
        var registered = await peer.Propose(SessionCommandCodec.Encode(SessionCommand.Register(1_000)));
        Assert.Equal(RaftCallStatus.Ok, registered.Status);
        var session = SessionResultCodec.Decode(registered.Result).SessionId;
        for (ulong sequence = 1; sequence <= PutsPerGroup; sequence++)
        {
            var put = SessionCommandCodec.Encode(SessionCommand.Command(session, sequence, 1_000, KeyValueCodec.EncodeCommand(KeyValueCommand.Put("k", $"v{sequence}"))));
            var outcome = await peer.Propose(put);
            Assert.True(outcome.Status == RaftCallStatus.Ok, $"group {leader.Group} put {sequence}: {outcome.Status} {outcome.Detail}");
        }
    }

    private sealed record Measurement(long SiloCalls, long ElapsedMs, double IdleCallsPerSecond, long Batches, long Messages, long RouterCalls, long Dropped)
    {
        public double CallsPerSecond => SiloCalls * 1000.0 / ElapsedMs;
    }

    /// <summary>Counts the runtime's silo-to-silo requests (orleanssync.messages.sent) of this cluster's silos only.</summary>
    private sealed class SiloCallCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _calls;

        public SiloCallCounter(TestCluster cluster)
        {
            var factories = cluster.Silos.Select(s => (object)s.Services.GetRequiredService<IMeterFactory>()).ToHashSet();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "orleanssync.messages.sent" && instrument.Meter.Scope is { } scope && factories.Contains(scope))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _calls, value));
            _listener.Start();
        }

        public long Calls => Interlocked.Read(ref _calls);

        public void Dispose() => _listener.Dispose();
    }
}
