using Microsoft.Extensions.DependencyInjection;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Placement;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>Registers Raft peers on a silo: <c>silo.AddRaftPeers(o => o.GroupCount = 8, factory)</c>.</summary>
public static class RaftPeerHostingExtensions
{
    public static ISiloBuilder AddRaftPeers(this ISiloBuilder builder, Action<RaftPeerOptions> configure, IRaftStateMachineFactory stateMachineFactory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(stateMachineFactory);
        builder.Services.AddOptions<RaftPeerOptions>().Configure(configure).Validate(
            options =>
            {
                options.Validate();
                return true;
            }).ValidateOnStart();
        builder.Services.AddSingleton(stateMachineFactory);
        ReplicaPlacementContext.Register(builder.Services);
        builder.Services.AddSingleton<RaftMessageRouter>();
        return builder.AddGrainAssembly(typeof(RaftPeerGrain).Assembly);
    }
}
