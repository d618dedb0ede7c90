
namespace OrleansSync.Benchmarks.Grains;

/// <summary>The call being measured: one small argument, one small result.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<int> Ping(int value);

    Task<string> SiloName();
}
