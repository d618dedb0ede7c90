using System.Collections.Concurrent;

namespace OrleansSync.Runtime.Invocation;

/// <summary>Makes generated proxies bound to one call sink (a silo's router or a client's).</summary>
internal sealed class GrainFactory : IGrainFactory
{
    private readonly ConcurrentDictionary<Type, GrainReferenceShared> _shared = new();
    private IGrainCallSink? _sink;

    public GrainFactory(IGrainCallSink? sink = null)
    {
        _sink = sink;
    }

    /// <summary>Where this factory's references send calls.</summary>
    public IGrainCallSink Sink => _sink ?? throw new InvalidOperationException("The grain factory is not started yet.");

    /// <summary>Binds the sink after construction (the silo's router needs the factory itself).</summary>
    public void Bind(IGrainCallSink sink) => _sink = sink;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        var sink = _sink ?? throw new InvalidOperationException("The grain factory is not started yet.");
        var shared = _shared.GetOrAdd(typeof(TGrainInterface), static (type, s) => new GrainReferenceShared(GrainTypeRegistry.GetInterface(type), s), sink);
        return (TGrainInterface)(object)shared.Interface.ProxyFactory(shared, primaryKey);
    }
}
