using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Runtime.Tests.Serialization;

/// <summary>Version 1 of a type as an old reader sees it.</summary>
[GenerateSerializer]
public sealed record OrderV1([property: Id(0)] string Id, [property: Id(1)] int Quantity);

/// <summary>Version 2: a field added (id 2) and one with id 1 kept.</summary>
[GenerateSerializer]
public sealed record OrderV2([property: Id(0)] string Id, [property: Id(1)] int Quantity, [property: Id(2)] List<string> Notes);

/// <summary>A struct with init-only members.</summary>
[GenerateSerializer]
public struct Point
{
    [Id(0)]
    public int X { get; init; }

    [Id(1)]
    public int Y { get; init; }
}

/// <summary>A recursive type for the nesting bound.</summary>
[GenerateSerializer]
public sealed class Node
{
    [Id(0)]
    public Node? Next { get; set; }
}
