namespace OrleansSync.Benchmarks;

/// <summary>The queue peer benchmark's command line (see <see cref="QueuePeerBenchmark"/>).</summary>
internal sealed record QueuePeerOptions
{
    /// <summary>AMQP endpoints of the RabbitMQ nodes (host:port); none: RabbitMQ is skipped.</summary>
    public List<System.Net.IPEndPoint> Rabbit { get; init; } = [];

    /// <summary>Gateways of our silos; none: ours is skipped.</summary>
    public List<System.Net.IPEndPoint> Gateways { get; init; } = [];

    public int Seconds { get; init; } = 10;

    public int WarmupSeconds { get; init; } = 2;

    /// <summary>Messages put in the queue before the consume+ack case drains them.</summary>
    public int ConsumeMessages { get; init; } = 20_000;

    /// <summary>Consumers of the consume+ack case.</summary>
    public int Consumers { get; init; } = 16;

    public int Groups { get; init; } = 8;

    /// <summary>Partitions of our queue (RabbitMQ's quorum queue is one Raft group, ours spreads over the groups).</summary>
    public int Partitions { get; init; } = 8;

    /// <summary>Sessions per group of our shared queue client (each has one command in flight).</summary>
    public int SessionsPerGroup { get; init; } = OrleansSync.Grains.Locks.Client.DistributedLockClientOptions.DefaultSessionsPerGroup;

    public string SharedSecret { get; init; } = "orleanssync-development-secret";

    public string ClusterId { get; init; } = "orleanssync";
}
