using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.TestSupport.Faults;

/// <summary>
/// On the receiving silo: fails <see cref="IRaftPeerGrain.Deliver"/> calls whose sender silo
/// (the call's own argument) is cut off from this silo by <see cref="RaftNetworkPartition"/>, as a
/// lost network packet would; the sender logs it and Raft retransmits. Register with
/// <c>silo.AddIncomingGrainCallFilter&lt;RaftPartitionCallFilter&gt;()</c> and a shared partition singleton.
/// </summary>
public sealed class RaftPartitionCallFilter(RaftNetworkPartition partition, ILocalSiloDetails local) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.InterfaceMethod?.Name == nameof(IRaftPeerGrain.Deliver)
            && context.Request.GetArgumentCount() == 2
            && context.Request.GetArgument(1) is SiloAddress sender
            && partition.Drops(sender, local.SiloAddress))
        {
            throw new SiloUnavailableException($"The test cut the Raft traffic from {sender} to {local.SiloAddress}.");
        }

        return context.Invoke();
    }
}
