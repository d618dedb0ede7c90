using System.Diagnostics;
using System.Globalization;
using System.Net;
using HdrHistogram;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Side by side with RabbitMQ quorum queues (issue 13): one generator drives a 3-node RabbitMQ
/// cluster and our cluster (through the Orleans client), case by case, the systems back to back
/// within each case so that they share the machine's state. Publish cases: N publishers with one
/// message in flight each (a publish returns when confirmed), messages/s and p50/p99. Consume+ack:
/// a queue filled beforehand is drained by consumers that ack every message, messages/s. Reports
/// ours/RabbitMQ. It starts nothing itself: <c>tests/Benchmarks/scripts/queues-vs-rabbitmq.sh</c>
/// starts RabbitMQ and the silos and passes their endpoints.
/// </summary>
internal sealed class QueuePeerBenchmark : IBenchmark
{
    public const int BodyBytes = 64;
    private const int PrefillPublishers = 64;
    private static readonly int[] PublishConcurrencies = [16, 64];

    public string Name => "queues";

    public string Description => "publish-with-confirm (16x1, 64x1) and consume+ack messages/s of RabbitMQ quorum queues vs ours; see scripts/queues-vs-rabbitmq.sh";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine("usage: queues [--rabbit HOST:PORT,..] [--gateways HOST:PORT,..] [--seconds N] [--warmup N] [--consume-messages N] [--consumers N] [--groups N] [--partitions N] [--sessions N] [--shared-secret S] [--cluster-id ID]");
            return 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"queue benchmark: {options.Seconds} s per publish case after {options.WarmupSeconds} s warm-up; consume+ack drains {options.ConsumeMessages} messages with {options.Consumers} consumers; {BodyBytes}-byte bodies; our queue has {options.Partitions} partitions, our client {options.SessionsPerGroup} sessions per group"));
        var peers = new List<IQueuePeer>();
        try
        {
            if (options.Rabbit.Count > 0)
            {
                peers.Add(new RabbitQueuePeer(options.Rabbit));
            }

            if (options.Gateways.Count > 0)
            {
                peers.Add(await OrleansQueuePeer.ConnectAsync(options, cancellationToken));
            }

            Console.WriteLine($"{"case",-22} {"system",-12} {"messages",9} {"msg/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"x rabbit",9}");
            foreach (var concurrency in PublishConcurrencies)
            {
                await CompareAsync(peers, $"publish {concurrency}x1", peer => MeasurePublishAsync(peer, concurrency, options, cancellationToken));
            }

            await CompareAsync(peers, $"consume+ack {options.Consumers}", peer => MeasureConsumeAsync(peer, options, cancellationToken));
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }

        return 0;
    }

    private static async Task CompareAsync(List<IQueuePeer> peers, string name, Func<IQueuePeer, Task<QueueCaseResult>> measure)
    {
        QueueCaseResult? rabbit = null;
        foreach (var peer in peers)
        {
            var result = await measure(peer);
            rabbit ??= peer is RabbitQueuePeer ? result : null;
            var ratio = rabbit is null || peer is RabbitQueuePeer ? string.Empty : (result.PerSecond / rabbit.PerSecond).ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-22} {peer.Name,-12} {result.Operations,9} {result.PerSecond,9:F0} {Format(result.P50Ms),8} {Format(result.P99Ms),8} {result.Errors,7} {ratio,9}"));
        }
    }

    private static string Format(double? milliseconds) => milliseconds is { } value ? value.ToString("F2", CultureInfo.InvariantCulture) : "-";

    /// <summary>On a fresh queue: the publishers warm up, then publish back to back for one window.</summary>
    private static async Task<QueueCaseResult> MeasurePublishAsync(IQueuePeer peer, int concurrency, QueuePeerOptions options, CancellationToken cancellationToken)
    {
        var queue = FreshQueue("publish");
        await peer.CreateQueueAsync(queue, cancellationToken);
        try
        {
            var publishers = await peer.OpenPublishersAsync(queue, concurrency, cancellationToken);
            await RunForAsync(publishers, TimeSpan.FromSeconds(options.WarmupSeconds), long.MaxValue, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var (histogram, errors) = await RunForAsync(publishers, TimeSpan.FromSeconds(options.Seconds), long.MaxValue, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            return new QueueCaseResult(
                histogram.TotalCount, histogram.TotalCount / elapsed.TotalSeconds, histogram.GetValueAtPercentile(50) / 1000.0, histogram.GetValueAtPercentile(99) / 1000.0, errors);
        }
        finally
        {
            await peer.ClosePublishersAsync();
            await peer.DeleteQueueAsync(queue, cancellationToken);
        }
    }

    /// <summary>Fills a fresh queue (64 publishers, confirmed), then lets the consumers drain it, acking each message.</summary>
    private static async Task<QueueCaseResult> MeasureConsumeAsync(IQueuePeer peer, QueuePeerOptions options, CancellationToken cancellationToken)
    {
        var queue = FreshQueue("consume");
        await peer.CreateQueueAsync(queue, cancellationToken);
        try
        {
            var publishers = await peer.OpenPublishersAsync(queue, PrefillPublishers, cancellationToken);
            var (filled, fillErrors) = await RunForAsync(publishers, TimeSpan.FromMinutes(5), options.ConsumeMessages, cancellationToken);
            await peer.ClosePublishersAsync();
            var window = TimeSpan.FromSeconds(Math.Max(60, options.Seconds * 6));
            var (acked, elapsed) = await peer.ConsumeAsync(queue, options.Consumers, filled.TotalCount, window, cancellationToken);
            return new QueueCaseResult(acked, acked / elapsed.TotalSeconds, null, null, fillErrors + (filled.TotalCount - acked));
        }
        finally
        {
            await peer.DeleteQueueAsync(queue, cancellationToken);
        }
    }

    private static string FreshQueue(string kind) => $"bench-{kind}-{Guid.NewGuid():N}"[..28];

    /// <summary>
    /// Every publisher publishes back to back until the window closes or <paramref name="total"/>
    /// publishes were started; latencies in microseconds. Failed publishes are counted, the first one printed.
    /// </summary>
    private static async Task<(LongHistogram Histogram, long Errors)> RunForAsync(
        IReadOnlyList<Func<CancellationToken, Task>> publishers, TimeSpan window, long total, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
        long started = 0;
        long errors = 0;
        var perPublisher = await Task.WhenAll(publishers.Select(async publish =>
        {
            var histogram = new LongHistogram(TimeSpan.FromMinutes(2).Ticks / 10, 3);
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref started) <= total)
            {
                var begun = Stopwatch.GetTimestamp();
                try
                {
                    await publish(cancellationToken);
                    histogram.RecordValue((long)Stopwatch.GetElapsedTime(begun).TotalMicroseconds);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (Interlocked.Increment(ref errors) == 1)
                    {
                        Console.Error.WriteLine($"  publish failed: {exception.GetType().Name}: {exception.Message}");
                    }
                }
            }

            return histogram;
        }));
        var sum = new LongHistogram(TimeSpan.FromMinutes(2).Ticks / 10, 3);
        foreach (var histogram in perPublisher)
        {
            sum.Add(histogram);
        }

        return (sum, errors);
    }

    private static bool TryParse(string[] args, out QueuePeerOptions options, out string error) =>
        BenchmarkArguments.TryParse(args, new QueuePeerOptions(), Apply, out options, out error);

    private static QueuePeerOptions Apply(QueuePeerOptions options, string name, string value) => name switch
    {
        "--rabbit" => options with { Rabbit = [.. value.Split(',').Select(IPEndPoint.Parse)] },
        "--gateways" => options with { Gateways = [.. value.Split(',').Select(IPEndPoint.Parse)] },
        "--seconds" => options with { Seconds = BenchmarkArguments.Positive(value) },
        "--warmup" => options with { WarmupSeconds = BenchmarkArguments.Positive(value) },
        "--consume-messages" => options with { ConsumeMessages = BenchmarkArguments.Positive(value) },
        "--consumers" => options with { Consumers = BenchmarkArguments.Positive(value) },
        "--groups" => options with { Groups = BenchmarkArguments.Positive(value) },
        "--partitions" => options with { Partitions = BenchmarkArguments.Positive(value) },
        "--sessions" => options with { SessionsPerGroup = BenchmarkArguments.Positive(value) },
        "--shared-secret" => options with { SharedSecret = value },
        "--cluster-id" => options with { ClusterId = value },
        _ => throw BenchmarkArguments.Unknown(name),
    };
}
