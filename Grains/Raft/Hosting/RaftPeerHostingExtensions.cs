using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansSync.Grains.Raft.Hosting.Births;
using OrleansSync.Grains.Raft.Hosting.Placement;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>Registers Raft peers on a silo: <c>silo.AddRaftPeers(o => o.GroupCount = 8, factory)</c>.</summary>
public static class RaftPeerHostingExtensions
{
    /// <summary>
    /// Hosts the peers of every group on this silo, placed by <see cref="ReplicaPlacementDirector"/>.
    /// Unless a <see cref="IReplicaBirthRegistry"/> is registered already, birth records are files in
    /// <see cref="RaftPeerOptions.BirthDirectory"/> (enough when all silos share a machine; register
    /// <see cref="GrainStorageReplicaBirthRegistry"/> across machines).
    /// </summary>
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
        builder.Services.TryAddSingleton<Grains.Hosting.RaftClusterFormation>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IReplicaBirthRegistry>(services =>
        {
            var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RaftPeerOptions>>().Value;
            return new FileReplicaBirthRegistry(Path.GetFullPath(options.BirthDirectory ?? Path.Combine(options.DataDirectory, "births")));
        });
        builder.Services.TryAddSingleton(services =>
            new RaftWalSyncer(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RaftPeerOptions>>().Value.WalSyncThreads));
        builder.AddPlacementDirector<ReplicaPlacementStrategy, ReplicaPlacementDirector>();
        return builder;
    }
}
