namespace OrleansSync.Runtime;

/// <summary>Orleans-style helpers on grains and grain references.</summary>
public static class GrainExtensions
{
    /// <summary>The string key of a grain (inside the grain) or of a grain reference.</summary>
    public static string GetPrimaryKeyString(this IAddressable grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain switch
        {
            Grain g => g.GrainId.Key,
            Invocation.GrainReference r => r.Key,
            _ => throw new ArgumentException($"{grain.GetType().FullName} is neither a grain nor a grain reference.", nameof(grain)),
        };
    }
}
