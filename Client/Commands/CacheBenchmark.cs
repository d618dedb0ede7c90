using System.Diagnostics;
using System.Text;
using OrleansSync.Client.Connection;
using OrleansSync.Client.Formatting;
using OrleansSync.Grains.Cache.Client;

namespace OrleansSync.Client.Commands;

/// <summary>
/// Clients spread round-robin over the active silos' near caches read and write keys of a fixed
/// working set (uniform, seeded) one operation at a time until the duration ends. Hits are what the
/// near caches served from a live copy (through the gateway: a grain call, no directory call).
/// The working set is written once before the clock starts. Latency samples are bounded per client;
/// the keys are left in the cache (a fresh prefix per run).
/// </summary>
internal sealed class CacheBenchmark(ClusterConnection connection, CacheBenchmarkSettings settings)
{
    public const int MaxSamplesPerClient = 100_000;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private readonly string _prefix = $"bench-{Guid.NewGuid():N}"[..14] + "/";
    private long _reads;
    private long _hits;
    private long _writes;
    private long _errors;
    private string? _firstError;

    public async Task<CacheBenchmarkResult> RunAsync(Action<CacheBenchmarkProgress> progress, CancellationToken cancellationToken)
    {
        var hosts = await connection.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
        var silos = hosts.Keys.Select(s => s.ToParsableString()).Order(StringComparer.Ordinal).ToList();
        if (silos.Count == 0)
        {
            throw new CacheException(Grains.Interfaces.Cache.CacheErrorCode.Unavailable, "No silo is active.");
        }

        // Absent keys are not cached (absence is not a line): write the working set first, untimed.
        await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(async i =>
        {
            var cache = connection.Grains.Cache(silos[i % silos.Count]);
            for (var key = i; key < settings.Keys; key += settings.Clients)
            {
                await cache.SetAsync(_prefix + key, Encoding.UTF8.GetBytes(_prefix + key), cancellationToken: cancellationToken);
            }
        }));

        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Duration);
        var clients = Enumerable.Range(0, settings.Clients)
            .Select(i => Task.Run(() => ClientAsync(connection.Grains.Cache(silos[i % silos.Count]), new Random(settings.Seed + i), deadline.Token), CancellationToken.None))
            .ToArray();
        var all = Task.WhenAll(clients);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(ProgressInterval, CancellationToken.None));
            progress(new CacheBenchmarkProgress(Stopwatch.GetElapsedTime(started), Interlocked.Read(ref _reads), Interlocked.Read(ref _hits), Interlocked.Read(ref _writes), Interlocked.Read(ref _errors)));
        }

        var samples = await all;
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var reads = samples.SelectMany(s => s.Reads).Order().ToArray();
        var writes = samples.SelectMany(s => s.Writes).Order().ToArray();
        return new CacheBenchmarkResult(
            settings.Clients,
            silos.Count,
            settings.Keys,
            settings.WritePercent,
            settings.Seed,
            Math.Round(elapsed, 3),
            _reads,
            _hits,
            _writes,
            _errors,
            _reads == 0 ? 0 : Math.Round((double)_hits / _reads, 4),
            Math.Round(_reads / elapsed, 1),
            Math.Round(_writes / elapsed, 1),
            Math.Round(Percentiles.NearestRank(reads, 50), 3),
            Math.Round(Percentiles.NearestRank(reads, 99), 3),
            Math.Round(Percentiles.NearestRank(writes, 50), 3),
            Math.Round(Percentiles.NearestRank(writes, 99), 3),
            _firstError);
    }

    private async Task<(List<double> Reads, List<double> Writes)> ClientAsync(CacheClient cache, Random random, CancellationToken stop)
    {
        var (reads, writes) = (new List<double>(), new List<double>());
        while (!stop.IsCancellationRequested)
        {
            var key = _prefix + random.Next(settings.Keys);
            var write = random.Next(100) < settings.WritePercent;
            var operationStarted = Stopwatch.GetTimestamp();
            try
            {
                if (write)
                {
                    await cache.SetAsync(key, Encoding.UTF8.GetBytes(key), cancellationToken: stop);
                    Interlocked.Increment(ref _writes);
                    Sample(writes, operationStarted);
                }
                else
                {
                    var value = await cache.GetAsync(key, stop);
                    Interlocked.Increment(ref _reads);
                    if (value?.Hit == true)
                    {
                        Interlocked.Increment(ref _hits);
                    }

                    Sample(reads, operationStarted);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is CacheException or TimeoutException || FailureMapper.IsUnavailable(exception))
            {
                Interlocked.Increment(ref _errors);
                Interlocked.CompareExchange(ref _firstError, $"{exception.GetType().Name}: {exception.Message}", null);
            }
        }

        return (reads, writes);
    }

    private static void Sample(List<double> samples, long started)
    {
        if (samples.Count < MaxSamplesPerClient)
        {
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
