using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// Runs the WAL fsyncs of this silo's Raft peers on a few dedicated threads, off the grains' turns
/// and off the .NET thread pool. A blocking fsync inside a turn held the activation (so proposals
/// that arrived meanwhile each got a turn and an fsync of their own: no group commit) and held one
/// of the thread pool's few threads (2 on a 2-core machine), which starved every other grain of
/// the silo. Here a peer hands its store over, keeps taking messages and proposals while the
/// fsync runs, and puts everything that arrived meanwhile into its next batch.
/// </summary>
/// <remarks>
/// Each peer has at most one sync outstanding, so the queue holds at most one request per hosted
/// replica; it is bounded anyway, and a request that does not fit runs on the caller (correct,
/// only slower). Several threads, because ext4 folds fsyncs of different files that wait at the
/// same time into one journal commit.
/// </remarks>
public sealed class RaftWalSyncer : IDisposable
{
    private const int QueueCapacity = RaftPeerOptions.MaxGroupCount * 7;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly BlockingCollection<SyncRequest> _queue = new(QueueCapacity);
    private readonly Thread[] _threads;

    public RaftWalSyncer(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = [.. Enumerable.Range(0, threads).Select(i => new Thread(Run) { IsBackground = true, Name = $"raft-wal-sync-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>
    /// Makes every write buffered in <paramref name="store"/> durable (<see cref="IRaftLogStore.Sync"/>).
    /// The caller must not touch the store until the task completes (the store is not thread-safe).
    /// </summary>
    public Task SyncAsync(IRaftLogStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var request = new SyncRequest(store);
        try
        {
            if (_queue.TryAdd(request))
            {
                return request.Completion.Task;
            }
        }
        catch (InvalidOperationException)
        {
            // Stopping (adding completed): sync on the caller, as when the queue is full.
        }

        request.Execute();
        return request.Completion.Task;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(StopTimeout);
        }

        _queue.Dispose();
    }

    private void Run()
    {
        foreach (var request in _queue.GetConsumingEnumerable())
        {
            request.Execute();
        }
    }

    private sealed class SyncRequest(IRaftLogStore store)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Execute()
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                store.Sync();
                RaftHostingMetrics.WalSyncs.Add(1);
                RaftHostingMetrics.WalSyncMs.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Completion.SetResult();
            }
            catch (Exception exception)
            {
                Completion.SetException(exception);
            }
        }
    }
}
