namespace OrleansSync.Silo.Tests;

/// <summary>One parsed sample line.</summary>
internal sealed record PrometheusSample(string Family, string Name, IReadOnlyDictionary<string, string> Labels, double Value);
