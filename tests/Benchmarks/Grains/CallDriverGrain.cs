using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace OrleansSync.Benchmarks.Grains;

public sealed class CallDriverGrain(IOptions<SiloOptions> options) : Grain, ICallDriverGrain
{
    public async Task<long[]> Run(string targetKey, int callers, int callsPerCaller)
    {
        var target = GrainFactory.GetGrain<IPingGrain>(targetKey);
        var loops = Enumerable.Range(0, callers).Select(async caller =>
        {
            var latencies = new long[callsPerCaller];
            for (var i = 0; i < callsPerCaller; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await target.Ping(i);
                latencies[i] = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }

            return latencies;
        });
        return [.. (await Task.WhenAll(loops)).SelectMany(l => l)];
    }

    public Task<string> SiloName() => Task.FromResult(options.Value.SiloName);
}
