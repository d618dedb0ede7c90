using OrleansSync.Client.Cli;
using OrleansSync.Grains.Interfaces.Cluster;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Queues.Client;

namespace OrleansSync.Client.Connection;

/// <summary>
/// A live connection: the grain factory, the cluster's Raft layout (learned from the cluster, so the
/// group count is never configured here) and a way to close it.
/// </summary>
/// <remarks><paramref name="peers"/> replaces how lock clients reach the replicas (tests slow or cut them); null: through <paramref name="grains"/>.</remarks>
internal sealed class ClusterConnection(IGrainFactory grains, RaftLayout layout, Func<ValueTask> close, IRaftPeerResolver? peers = null) : IAsyncDisposable
{
    public IGrainFactory Grains => grains;

    public RaftLayout Layout => layout;

    /// <summary>
    /// Asks the cluster for its layout within <paramref name="timeout"/>: the connection check
    /// every command starts with.
    /// </summary>
    public static async Task<ClusterConnection> OpenAsync(
        IGrainFactory grains, string gatewayList, TimeSpan timeout, Func<ValueTask> close, CancellationToken cancellationToken, IRaftPeerResolver? peers = null)
    {
        try
        {
            var layout = await grains.GetGrain<IClusterInfoGrain>(IClusterInfoGrain.DefaultKey).GetRaftLayout().WaitAsync(timeout, cancellationToken);
            return new ClusterConnection(grains, layout, close, peers);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await close();
            throw new CliException(
                ExitCodes.ClusterUnavailable,
                ErrorCodes.ClusterUnavailable,
                $"No silo answered at {gatewayList} within {DurationParser.Format(timeout)} ({Describe(exception)}). "
                + "Is the cluster running? Start one with: dotnet run -c Release --project Silo",
                exception);
        }
    }

    /// <summary>A lock client sized to the cluster's layout; <paramref name="leaseTtl"/> applies to the leases it keeps alive itself.</summary>
    public DistributedLockClient CreateLockClient(TimeSpan? leaseTtl = null)
    {
        if (layout.GroupCount == 0)
        {
            throw new CliException(ExitCodes.Failed, ErrorCodes.Failed, "The cluster hosts no lock groups (its silos run no Raft peers).");
        }

        var options = new DistributedLockClientOptions
        {
            GroupCount = layout.GroupCount,
            ReplicaCount = layout.ReplicaCount,
            Owner = Owner(),
        };
        if (leaseTtl is { } ttl)
        {
            options.LeaseTtlMs = (long)ttl.TotalMilliseconds;
        }

        return new DistributedLockClient(peers ?? new GrainFactoryPeerResolver(grains), options);
    }

    /// <summary>A queue client sized to the cluster's layout (queues live in the same Raft groups as locks, ADR 0014).</summary>
    public DistributedQueueClient CreateQueueClient() => layout.GroupCount == 0
        ? throw new CliException(ExitCodes.Failed, ErrorCodes.Failed, "The cluster hosts no Raft groups (its silos run no Raft peers).")
        : new DistributedQueueClient(peers ?? new GrainFactoryPeerResolver(grains), new DistributedQueueClientOptions { GroupCount = layout.GroupCount, ReplicaCount = layout.ReplicaCount });

    public ValueTask DisposeAsync() => close();

    /// <summary>Names this process in wait-for graphs: machine (at most 64 characters), process id and a random part.</summary>
    private static string Owner()
    {
        var machine = Environment.MachineName;
        return $"cli-{machine[..Math.Min(machine.Length, 64)]}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    }

    private static string Describe(Exception exception) => exception switch
    {
        TimeoutException => "timed out",
        _ => exception.Message,
    };
}
