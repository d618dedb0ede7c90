using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks.Detection;

/// <summary>
/// Runs on every silo: calls the detector grain every <see cref="DeadlockDetectionOptions.StartIntervalMs"/>,
/// which activates it where the runtime places it and re-activates it soon after its silo dies.
/// </summary>
internal sealed partial class DeadlockDetectorStarter(
    IGrainFactory grains,
    IOptions<DeadlockDetectionOptions> options,
    RaftClusterFormation formation,
    TimeProvider time,
    ILogger<DeadlockDetectorStarter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.StartIntervalMs);
        try
        {
            // The detector reads every group's wait-for edges: not before their replicas can be born apart.
            await formation.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IDeadlockDetectorGrain>(DeadlockDetectorGrain.Key).Start().WaitAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The cluster may still be forming, or the detector's silo just died: next interval.
                LogStartFailed(logger, exception.GetType().Name, exception.Message);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
