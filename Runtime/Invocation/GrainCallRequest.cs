namespace OrleansSync.Runtime.Invocation;

/// <summary>A grain call on the wire.</summary>
/// <param name="InterfaceName">Full name of the grain interface the reference was made for.</param>
/// <param name="Key">The grain's string key.</param>
/// <param name="MethodId">The generated method id.</param>
/// <param name="Arguments">The encoded arguments.</param>
/// <param name="HopCount">How many times silos forwarded this call (bounded).</param>
internal sealed record GrainCallRequest(string InterfaceName, string Key, uint MethodId, ReadOnlyMemory<byte> Arguments, int HopCount)
{
    /// <summary>
    /// Set for runtime calls addressed to a grain class rather than an interface (stream
    /// deliveries to any subscriber grain); routing then resolves the class by this name.
    /// </summary>
    public string? GrainType { get; init; }

    public GrainCallRequest Forwarded() => this with { HopCount = HopCount + 1 };
}
