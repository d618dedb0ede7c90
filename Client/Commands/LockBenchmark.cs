using System.Diagnostics;
using OrleansSync.Client.Connection;
using OrleansSync.Client.Formatting;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Client.Commands;

/// <summary>
/// N lock clients (each its own owner and leases), each acquiring and releasing an exclusive lock
/// in a loop until the duration ends. Latency samples are bounded per client.
/// </summary>
internal sealed class LockBenchmark(ClusterConnection connection, LockBenchmarkSettings settings)
{
    public const int MaxSamplesPerClient = 100_000;
    private static readonly TimeSpan PairWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private long _pairs;
    private long _errors;
    private string? _firstError;

    public async Task<LockBenchmarkResult> RunAsync(Action<LockBenchmarkProgress> progress, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Duration);
        var workers = Enumerable.Range(0, settings.Clients)
            .Select(client => Task.Run(() => WorkerAsync(settings.Contended ? $"bench/{run}/hot" : $"bench/{run}/{client}", deadline.Token), CancellationToken.None))
            .ToArray();
        var all = Task.WhenAll(workers);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(ProgressInterval, CancellationToken.None));
            progress(new LockBenchmarkProgress(Stopwatch.GetElapsedTime(started), Interlocked.Read(ref _pairs), Interlocked.Read(ref _errors)));
        }

        var samples = await all;
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var latencies = samples.SelectMany(s => s).ToArray();
        Array.Sort(latencies);
        return new LockBenchmarkResult(
            settings.Clients,
            settings.Contended,
            Math.Round(elapsed, 3),
            _pairs,
            _errors,
            Math.Round(_pairs / elapsed, 1),
            Math.Round(Percentiles.NearestRank(latencies, 50), 3),
            Math.Round(Percentiles.NearestRank(latencies, 99), 3),
            Math.Round(latencies.Length == 0 ? 0 : latencies[^1], 3),
            _firstError);
    }

    private async Task<List<double>> WorkerAsync(string name, CancellationToken stop)
    {
        var samples = new List<double>();
        await using var locks = connection.CreateLockClient();
        while (!stop.IsCancellationRequested)
        {
            var pairStarted = Stopwatch.GetTimestamp();
            try
            {
                var handle = await locks.AcquireAsync(name, LockMode.Exclusive, PairWait, stop);
                await handle.DisposeAsync();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is LockException or TimeoutException || FailureMapper.IsUnavailable(exception))
            {
                // Counted and reported in the summary (first error kept), then the loop goes on.
                Interlocked.Increment(ref _errors);
                Interlocked.CompareExchange(ref _firstError, $"{exception.GetType().Name}: {exception.Message}", null);
                continue;
            }

            Interlocked.Increment(ref _pairs);
            if (samples.Count < MaxSamplesPerClient)
            {
                samples.Add(Stopwatch.GetElapsedTime(pairStarted).TotalMilliseconds);
            }
        }

        return samples;
    }
}
