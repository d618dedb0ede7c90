namespace OrleansSync.Runtime;

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the state's
/// name and the storage provider that keeps it. The state is read before <c>OnActivateAsync</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute : Attribute
{
    /// <summary>The provider used when none is named.</summary>
    public const string DefaultStorageName = "Default";

    public PersistentStateAttribute(string stateName, string storageName = DefaultStorageName)
    {
        StateName = stateName;
        StorageName = storageName;
    }

    public string StateName { get; }

    public string StorageName { get; }
}
