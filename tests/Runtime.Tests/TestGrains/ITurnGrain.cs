namespace OrleansSync.Runtime.Tests.TestGrains;

/// <summary>Probes the turn scheduler: Block holds a turn open until the test releases its gate.</summary>
public interface ITurnGrain : IGrainWithStringKey
{
    Task Block(string gate);

    /// <summary>True if another request was in the middle of a turn when this one ran.</summary>
    Task<bool> Probe();

    [AlwaysInterleave]
    Task<bool> InterleavedProbe();
}
