using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>A grain factory whose Raft peer calls fail while <see cref="IsCut"/>: a client cut off from the cluster.</summary>
internal sealed class CuttableGrainFactory(IGrainFactory inner) : IGrainFactory
{
    private volatile bool _isCut;

    public bool IsCut
    {
        get => _isCut;
        set => _isCut = value;
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey =>
        typeof(TGrainInterface) == typeof(IRaftPeerGrain)
            ? (TGrainInterface)(object)CuttablePeerProxy.Wrap(this, inner.GetGrain<IRaftPeerGrain>(primaryKey))
            : inner.GetGrain<TGrainInterface>(primaryKey);
}
