
namespace OrleansSync.Benchmarks.Grains;

/// <summary>Runs calls from inside a silo to a grain on another silo, and times each one there.</summary>
public interface ICallDriverGrain : IGrainWithStringKey
{
    /// <summary><paramref name="callers"/> concurrent loops of <paramref name="callsPerCaller"/> calls each; returns every call's latency in microseconds.</summary>
    Task<long[]> Run(string targetKey, int callers, int callsPerCaller);

    Task<string> SiloName();
}
