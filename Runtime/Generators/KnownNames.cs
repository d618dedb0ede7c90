namespace OrleansSync.Runtime.Generators;

/// <summary>Metadata names of the runtime types the generator looks for or emits.</summary>
internal static class KnownNames
{
    public const string GrainWithStringKey = "OrleansSync.Runtime.IGrainWithStringKey";
    public const string Grain = "OrleansSync.Runtime.Grain";
    public const string AlwaysInterleave = "OrleansSync.Runtime.AlwaysInterleaveAttribute";
    public const string PersistentState = "OrleansSync.Runtime.PersistentStateAttribute";
    public const string PersistentStateInterface = "OrleansSync.Runtime.IPersistentState`1";
    public const string GenerateSerializer = "OrleansSync.Runtime.Serialization.GenerateSerializerAttribute";
    public const string Id = "OrleansSync.Runtime.Serialization.IdAttribute";

    public const string SerializationNs = "global::OrleansSync.Runtime.Serialization";
    public const string InvocationNs = "global::OrleansSync.Runtime.Invocation";
    public const string DefaultStorageName = "Default";
}
