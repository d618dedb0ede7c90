using Orleans.Storage;

namespace OrleansSync.Grains.Raft.Hosting.Births;

/// <summary>
/// Birth records in Orleans grain storage (Redis in the distributed form). A record is written only
/// when the read found none, with the empty ETag of a new record: a racing writer makes the store
/// refuse the second write (<see cref="InconsistentStateException"/>), which counts as "born before".
/// </summary>
public sealed class GrainStorageReplicaBirthRegistry(IGrainStorage storage) : IReplicaBirthRegistry
{
    /// <summary>The storage provider name that hosting registers for birth records.</summary>
    public const string StorageName = "raft-replicas";

    private const string StateName = "birth";

    public async Task<bool> TryRecordBirthAsync(RaftPeerKey replica, string silo, CancellationToken cancellationToken)
    {
        var grainId = GrainIdOf(replica);
        var state = new GrainState<ReplicaBirth>(new ReplicaBirth());
        await storage.ReadStateAsync(StateName, grainId, state);
        if (state.RecordExists)
        {
            return false;
        }

        state.State = new ReplicaBirth { Silo = silo };
        try
        {
            await storage.WriteStateAsync(StateName, grainId, state);
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }

    public async Task<string?> FindBirthSiloAsync(RaftPeerKey replica, CancellationToken cancellationToken)
    {
        var state = new GrainState<ReplicaBirth>(new ReplicaBirth());
        await storage.ReadStateAsync(StateName, GrainIdOf(replica), state);
        return state.RecordExists && state.State is { Silo.Length: > 0 } birth ? birth.Silo : null;
    }

    private static GrainId GrainIdOf(RaftPeerKey replica) => GrainId.Create("raftreplica", replica.ToString());
}
