namespace OrleansSync.Runtime;

/// <summary>
/// On a grain interface method: calls to it interleave with any other request of the grain
/// (still one turn at a time).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}
