namespace OrleansSync.Runtime.Serialization;

/// <summary>
/// Marks a class, record or struct whose <see cref="IdAttribute"/> members the source generator
/// turns into a versionable codec (unknown field ids are skipped when reading).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class GenerateSerializerAttribute : Attribute
{
}
