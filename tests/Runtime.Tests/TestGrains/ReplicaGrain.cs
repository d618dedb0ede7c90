using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Placement;

namespace OrleansSync.Runtime.Tests.TestGrains;

[ReplicaPlacement]
public sealed class ReplicaGrain : Grain, IReplicaGrain
{
    private readonly string _siloName;

    public ReplicaGrain(IOptions<SiloOptions> options)
    {
        _siloName = options.Value.SiloName;
    }

    public Task<string> SiloName() => Task.FromResult(_siloName);
}
