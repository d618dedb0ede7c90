namespace OrleansSync.Runtime.Streams;

/// <summary>A stream's identity: a namespace and a key within it.</summary>
public readonly record struct StreamId(string Namespace, string Key)
{
    public override string ToString() => $"{Namespace}/{Key}";
}
