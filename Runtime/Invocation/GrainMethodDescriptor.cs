namespace OrleansSync.Runtime.Invocation;

/// <summary>One grain interface method as the generator saw it.</summary>
/// <param name="MethodId">Stable id: a hash of the declaring interface and the method signature.</param>
/// <param name="Name">The method name (used in errors and metrics).</param>
/// <param name="AlwaysInterleave">Whether the method carries <see cref="AlwaysInterleaveAttribute"/>.</param>
public sealed record GrainMethodDescriptor(uint MethodId, string Name, bool AlwaysInterleave);
