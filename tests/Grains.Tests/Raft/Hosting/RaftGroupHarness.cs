using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Runtime;
using OrleansSync.Runtime.Testing;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>One Raft group of three replicas on a three-silo TestCluster, and ways to find its leader.</summary>
internal static class RaftGroupHarness
{
    public static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(20);

    public static TestCluster Build(string dataDirectory, IRaftStateMachineFactory factory) => new TestClusterBuilder(3)
        .ConfigureSilo(silo => silo.AddRaftPeers(
            options =>
            {
                options.GroupCount = 1;
                options.ReplicaCount = 3;
                options.TickIntervalMs = 20;
                options.DataDirectory = dataDirectory;
                options.CompactionThresholdEntries = 4; // exercise snapshots and compaction
            },
            factory))
        .Build();

    public static IRaftPeerGrain Peer(IGrainFactory factory, int replica) => factory.GetGrain<IRaftPeerGrain>($"0/{replica}");

    /// <summary>Asks every replica until one is a leader (not <paramref name="excluding"/>), within the phase timeout.</summary>
    public static async Task<RaftPeerStatus> WaitForLeaderAsync(IGrainFactory factory, string phase, int? excluding)
    {
        using var timeout = new CancellationTokenSource(PhaseTimeout);
        while (true)
        {
            foreach (var replica in Enumerable.Range(0, 3).Where(r => r != excluding))
            {
                try
                {
                    var status = await Peer(factory, replica).GetStatus();
                    if (status.Role == "Leader")
                    {
                        return status;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The replica's silo may be down or re-placing it; ask the others.
                }
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Phase '{phase}': no leader (other than replica {excluding}) within {PhaseTimeout}.");
            }

            await Task.Delay(50, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
