namespace OrleansSync.Runtime.Serialization;

/// <summary>
/// The stable wire id of a serialized member. Ids must be unique within a type and never reused
/// for a different meaning; renaming a member keeps compatibility, changing its id does not.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class IdAttribute : Attribute
{
    public IdAttribute(uint id)
    {
        Id = id;
    }

    /// <summary>The field id written on the wire.</summary>
    public uint Id { get; }
}
