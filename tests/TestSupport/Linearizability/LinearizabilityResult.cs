namespace OrleansSync.TestSupport.Linearizability;

/// <summary>
/// The outcome of a check. For <see cref="LinearizabilityVerdict.Illegal"/>, <see cref="PartitionKey"/>
/// names the object whose history failed and <see cref="Explanation"/> shows the longest
/// linearizable prefix found and the operations that could not follow it.
/// </summary>
public sealed record LinearizabilityResult(LinearizabilityVerdict Verdict, string? PartitionKey, string Explanation, long StepsUsed)
{
    public bool IsOk => Verdict == LinearizabilityVerdict.Ok;

    public bool IsIllegal => Verdict == LinearizabilityVerdict.Illegal;

    public bool IsUnknown => Verdict == LinearizabilityVerdict.Unknown;

    public override string ToString() =>
        PartitionKey is null ? $"{Verdict}: {Explanation}" : $"{Verdict} (key '{PartitionKey}'): {Explanation}";
}
