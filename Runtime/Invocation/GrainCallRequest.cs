namespace OrleansSync.Runtime.Invocation;

/// <summary>A grain call on the wire.</summary>
/// <param name="InterfaceName">Full name of the grain interface the reference was made for.</param>
/// <param name="Key">The grain's string key.</param>
/// <param name="MethodId">The generated method id.</param>
/// <param name="Arguments">The encoded arguments.</param>
/// <param name="HopCount">How many times silos forwarded this call (bounded).</param>
internal sealed record GrainCallRequest(string InterfaceName, string Key, uint MethodId, ReadOnlyMemory<byte> Arguments, int HopCount)
{
    public GrainCallRequest Forwarded() => this with { HopCount = HopCount + 1 };
}
