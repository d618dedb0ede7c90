using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Runtime.Tests.TestGrains;

public enum Color
{
    Red = 1,
    Green = 2,
}

[GenerateSerializer]
public sealed record Payload(
    [property: Id(0)] string Name,
    [property: Id(1)] int Count,
    [property: Id(2)] List<string> Tags,
    [property: Id(3)] Dictionary<string, long> Scores,
    [property: Id(4)] Color Color,
    [property: Id(5)] Payload? Child,
    [property: Id(6)] byte[]? Blob,
    [property: Id(7)] int? Maybe);
