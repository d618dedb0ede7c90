using Orleans.TestingHost;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;
using OrleansSync.Grains.Service;
using OrleansSync.Grains.Tests.Raft.Hosting;

namespace OrleansSync.Grains.Tests.Queues.Hosting;

/// <summary>Raft groups hosting the service state machine (queues among it) on a three-silo InProcessTestCluster, and queue clients for them.</summary>
internal static class QueueClusterHarness
{
    public static InProcessTestCluster Build(string dataDirectory, int groups, bool perSiloData = false) =>
        RaftGroupHarness.Build(dataDirectory, new ServiceStateMachineFactory(), groups: groups, perSiloData: perSiloData);

    public static DistributedQueueClient Client(IRaftPeerResolver peers, int groups, int requestTimeoutMs = DistributedLockClientOptions.DefaultRequestTimeoutMs) =>
        new(peers, new DistributedQueueClientOptions { GroupCount = groups, ReplicaCount = 3, RequestTimeoutMs = requestTimeoutMs });

    public static DistributedQueueClient Client(IGrainFactory grains, int groups, int requestTimeoutMs = DistributedLockClientOptions.DefaultRequestTimeoutMs) =>
        Client(new GrainFactoryPeerResolver(grains), groups, requestTimeoutMs);

    public static MessageToSend Text(string body) => new(System.Text.Encoding.UTF8.GetBytes(body));

    public static string Text(DeliveredMessage message) => System.Text.Encoding.UTF8.GetString(message.Body);
}
