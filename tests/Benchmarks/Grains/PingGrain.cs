using Microsoft.Extensions.Options;

namespace OrleansSync.Benchmarks.Grains;

public sealed class PingGrain(IOptions<SiloOptions> options) : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);

    public Task<string> SiloName() => Task.FromResult(options.Value.SiloName);
}
