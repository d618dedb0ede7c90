using OrleansSync.Grains.Hosting;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Status;

/// <summary>
/// Re-reads the Raft groups' status every <see cref="SiloHostOptions.StatusRefreshIntervalMs"/>,
/// so that <c>/metrics</c> and <c>/health</c> answer from memory and never wait on grain calls.
/// </summary>
internal sealed partial class RaftStatusCache(
    RaftStatusReader reader, SiloHostOptions options, RaftClusterFormation formation, TimeProvider time, ILogger<RaftStatusCache> logger) : BackgroundService
{
    private volatile RaftStatusSnapshot? _latest;

    /// <summary>The last complete reading, or null before the first one.</summary>
    public RaftStatusSnapshot? Latest => _latest;

    /// <summary>True when <paramref name="snapshot"/> is too old to describe the groups now (the refresh loop is stuck or stopped).</summary>
    public bool IsStale(RaftStatusSnapshot snapshot) =>
        time.GetUtcNow() - snapshot.ReadAt > TimeSpan.FromMilliseconds((3 * options.StatusRefreshIntervalMs) + options.StatusTimeoutMs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Reading a group activates its replicas: not before they can be born on distinct silos.
            await formation.WaitAsync(stoppingToken);
            while (true)
            {
                try
                {
                    var groups = await reader.ReadGroupsAsync(stoppingToken);
                    _latest = new RaftStatusSnapshot(time.GetUtcNow(), groups);
                }
                catch (InvalidOperationException exception)
                {
                    // The silo has not started yet (no grain factory): the next round tries again.
                    LogRefreshFailed(logger, exception);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(options.StatusRefreshIntervalMs), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }
}
