using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansSync.Runtime.Redis;

/// <summary>Instruments of the Redis stream providers of one host, on the meter named <see cref="MeterName"/>; tagged by provider.</summary>
internal sealed class RedisStreamMetrics
{
    public const string MeterName = "OrleansSync.Runtime.RedisStreams";
    public const string DroppedInstrumentName = "orleanssync.streams.redis.dropped";

    private readonly Counter<long> _published;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _dropped;

    public RedisStreamMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _published = meter.CreateCounter<long>("orleanssync.streams.redis.published", description: "Items accepted by Redis (PUBLISH) from this host.");
        _delivered = meter.CreateCounter<long>("orleanssync.streams.redis.delivered", description: "Item deliveries whose handler turn completed in an activation of this silo.");
        _dropped = meter.CreateCounter<long>(
            DroppedInstrumentName,
            description: "Item deliveries this silo gave up: reason queue_full (channel queue), mailbox_full, handler_failed, activation_gone.");
    }

    public void Published(string provider) => _published.Add(1, new TagList { { "provider", provider } });

    public void Delivered(string provider) => _delivered.Add(1, new TagList { { "provider", provider } });

    public void Dropped(string provider, string reason) => _dropped.Add(1, new TagList { { "provider", provider }, { "reason", reason } });
}
