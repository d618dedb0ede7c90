namespace OrleansSync.Runtime.Invocation;

/// <summary>Where grain references send calls: the silo router or the client's gateway router.</summary>
internal interface IGrainCallSink
{
    /// <summary>Sends a call and returns the encoded result, or throws the call's typed error.</summary>
    Task<ReadOnlyMemory<byte>> InvokeAsync(GrainCallRequest request, GrainInterfaceDescriptor grainInterface);
}
