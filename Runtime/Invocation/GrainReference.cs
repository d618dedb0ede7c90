using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Runtime.Invocation;

/// <summary>
/// Base class of generated grain proxies. A proxy encodes its arguments and calls
/// <see cref="InvokeAsync{T}"/> or <see cref="InvokeVoidAsync"/> with its method id.
/// </summary>
public abstract class GrainReference : IAddressable
{
    private readonly GrainReferenceShared _shared;

    protected GrainReference(GrainReferenceShared shared, string key)
    {
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(key);
        _shared = shared;
        Key = key;
    }

    /// <summary>The grain's string key.</summary>
    public string Key { get; }

    internal GrainInterfaceDescriptor Interface => _shared.Interface;

    public override string ToString() => $"{Interface.InterfaceName}/{Key}";

    protected async Task<T> InvokeAsync<T>(uint methodId, GrainWriter arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var request = new GrainCallRequest(Interface.InterfaceName, Key, methodId, arguments.ToArray(), 0);
        var result = await _shared.Sink.InvokeAsync(request, Interface).ConfigureAwait(false);
        return GrainSerializer.Deserialize<T>(result);
    }

    protected async Task InvokeVoidAsync(uint methodId, GrainWriter arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var request = new GrainCallRequest(Interface.InterfaceName, Key, methodId, arguments.ToArray(), 0);
        await _shared.Sink.InvokeAsync(request, Interface).ConfigureAwait(false);
    }
}
