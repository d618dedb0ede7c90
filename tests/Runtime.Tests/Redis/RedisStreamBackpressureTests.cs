using System.Diagnostics.Metrics;
using OrleansSync.Runtime.Redis;
using OrleansSync.Runtime.Streams;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>A slow consumer costs a bounded queue per channel; the overflow is dropped and counted.</summary>
[Trait("Category", "Redis")]
public sealed class RedisStreamBackpressureTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task SlowConsumer_FullChannelQueue_DropsAndCountsTheOverflow_ThenRecovers()
    {
        // A provider name of its own, so the drop counter sees only this test's silo.
        var providerName = $"redis-slow-{Guid.NewGuid():N}";
        using var drops = new DropCounter(providerName, expected: 7);
        await using var cluster = RedisStreamTestCluster.Create(redis.Endpoint, 1, o => o.MaxQueuedMessagesPerChannel = 2, providerName);
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var subscriber = cluster.Client.GetGrain<ISlowStreamSubscriberGrain>(key);
        await subscriber.Subscribe(providerName);
        var producer = cluster.Client.GetStreamProvider(providerName).GetStream<int>("slow", key);
        var gate = TestGates.Get(SlowStreamSubscriberGrain.GateName(key));

        await producer.OnNextAsync(1);
        await gate.Entered.Task.WaitAsync(RedisStreamTestCluster.DeliveryWait);
        for (var item = 2; item <= 10; item++)
        {
            await producer.OnNextAsync(item);
        }

        // Item 1 is in the handler, 2 and 3 fill the queue of 2, 4..10 are dropped.
        await drops.Reached.WaitAsync(RedisStreamTestCluster.DeliveryWait);
        gate.Released.TrySetResult();
        await DeliveryCounter.For(key).WaitForAsync(3, RedisStreamTestCluster.DeliveryWait);
        await producer.OnNextAsync(11);
        await DeliveryCounter.For(key).WaitForAsync(4, RedisStreamTestCluster.DeliveryWait);

        Assert.Equal([1, 2, 3, 11], await subscriber.Received());
        Assert.Equal(7, drops.Count);
    }

    /// <summary>Counts queue_full drops of one provider from the Redis stream meter.</summary>
    private sealed class DropCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _providerName;
        private readonly int _expected;
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _count;

        public DropCounter(string providerName, int expected)
        {
            _providerName = providerName;
            _expected = expected;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RedisStreamMetrics.MeterName && instrument.Name == RedisStreamMetrics.DroppedInstrumentName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>(OnMeasurement);
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public Task Reached => _reached.Task;

        public void Dispose() => _listener.Dispose();

        private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            string? provider = null;
            string? reason = null;
            foreach (var tag in tags)
            {
                provider = tag.Key == "provider" ? tag.Value as string : provider;
                reason = tag.Key == "reason" ? tag.Value as string : reason;
            }

            if (provider == _providerName && reason == "queue_full" && Interlocked.Add(ref _count, value) >= _expected)
            {
                _reached.TrySetResult();
            }
        }
    }
}
