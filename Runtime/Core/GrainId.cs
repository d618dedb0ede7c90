namespace OrleansSync.Runtime;

/// <summary>The identity of a grain: its grain type (the implementing class) and its key.</summary>
public readonly record struct GrainId(string GrainType, string Key)
{
    public override string ToString() => $"{GrainType}/{Key}";
}
