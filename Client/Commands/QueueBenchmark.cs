using System.Diagnostics;
using OrleansSync.Client.Connection;
using OrleansSync.Client.Formatting;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;

namespace OrleansSync.Client.Commands;

/// <summary>
/// Producers send 64-byte messages one at a time (each acknowledged after commit) to a fresh
/// queue while consumers receive (up to 10, long-polling) and ack each message, until the
/// duration ends; the queue is deleted afterwards. Latency samples are bounded per producer.
/// </summary>
internal sealed class QueueBenchmark(ClusterConnection connection, QueueBenchmarkSettings settings)
{
    public const int MaxSamplesPerProducer = 100_000;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(1);
    private static readonly byte[] Body = new byte[64];
    private long _sent;
    private long _acked;
    private long _errors;
    private string? _firstError;

    public async Task<QueueBenchmarkResult> RunAsync(Action<QueueBenchmarkProgress> progress, CancellationToken cancellationToken)
    {
        var queue = $"bench-{Guid.NewGuid():N}"[..20];
        await using var queues = connection.CreateQueueClient();
        await queues.CreateQueueAsync(queue, new QueueOptions { Partitions = settings.Partitions }, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Duration);
        var producers = Enumerable.Range(0, settings.Producers).Select(_ => Task.Run(() => ProduceAsync(queues, queue, deadline.Token), CancellationToken.None)).ToArray();
        var consumers = Enumerable.Range(0, settings.Consumers).Select(_ => Task.Run(() => ConsumeAsync(queues, queue, deadline.Token), CancellationToken.None)).ToArray();
        var all = Task.WhenAll(Task.WhenAll(producers), Task.WhenAll(consumers));
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(ProgressInterval, CancellationToken.None));
            progress(new QueueBenchmarkProgress(Stopwatch.GetElapsedTime(started), Interlocked.Read(ref _sent), Interlocked.Read(ref _acked), Interlocked.Read(ref _errors)));
        }

        await all;
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var latencies = producers.SelectMany(p => p.Result).ToArray();
        Array.Sort(latencies);
        using (var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await queues.DeleteQueueAsync(queue, cleanup.Token);
        }

        return new QueueBenchmarkResult(
            settings.Producers,
            settings.Consumers,
            settings.Partitions,
            Math.Round(elapsed, 3),
            _sent,
            _acked,
            _errors,
            Math.Round(_sent / elapsed, 1),
            Math.Round(_acked / elapsed, 1),
            Math.Round(Percentiles.NearestRank(latencies, 50), 3),
            Math.Round(Percentiles.NearestRank(latencies, 99), 3),
            _firstError);
    }

    private async Task<List<double>> ProduceAsync(DistributedQueueClient queues, string queue, CancellationToken stop)
    {
        var samples = new List<double>();
        while (!stop.IsCancellationRequested)
        {
            var sendStarted = Stopwatch.GetTimestamp();
            if (await AttemptAsync(() => queues.SendAsync(queue, new MessageToSend(Body), stop), stop))
            {
                Interlocked.Increment(ref _sent);
                if (samples.Count < MaxSamplesPerProducer)
                {
                    samples.Add(Stopwatch.GetElapsedTime(sendStarted).TotalMilliseconds);
                }
            }
        }

        return samples;
    }

    private async Task ConsumeAsync(DistributedQueueClient queues, string queue, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            IReadOnlyList<DeliveredMessage> received = [];
            if (!await AttemptAsync(async () => received = await queues.ReceiveAsync(queue, QueueTable.MaxReceiveMessages, null, ReceiveWait, stop), stop))
            {
                continue;
            }

            foreach (var message in received)
            {
                if (await AttemptAsync(() => queues.AckAsync(queue, message.Receipt, stop), stop))
                {
                    Interlocked.Increment(ref _acked);
                }
            }
        }
    }

    /// <summary>Runs one operation; false if it failed (counted, first error kept) or the run ended.</summary>
    private async Task<bool> AttemptAsync(Func<Task> operation, CancellationToken stop)
    {
        try
        {
            await operation();
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception) when (exception is QueueException or TimeoutException || FailureMapper.IsUnavailable(exception))
        {
            Interlocked.Increment(ref _errors);
            Interlocked.CompareExchange(ref _firstError, $"{exception.GetType().Name}: {exception.Message}", null);
            return false;
        }
    }
}
