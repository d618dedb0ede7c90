namespace OrleansSync.Runtime.Invocation;

/// <summary>What all references to one grain interface from one factory share.</summary>
public sealed class GrainReferenceShared
{
    internal GrainReferenceShared(GrainInterfaceDescriptor grainInterface, IGrainCallSink sink)
    {
        Interface = grainInterface;
        Sink = sink;
    }

    internal GrainInterfaceDescriptor Interface { get; }

    internal IGrainCallSink Sink { get; }
}
