namespace OrleansSync.Runtime;

/// <summary>
/// Lets the turns of different requests to a grain interleave at their awaits (never run in
/// parallel): a request that waits does not block the grain.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute
{
}
