using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Hosting;

namespace OrleansSync.Runtime.Tests.TestGrains;

public sealed class EchoGrain : Grain, IEchoGrain
{
    private readonly string _siloName;

    public EchoGrain(IOptions<SiloOptions> options)
    {
        _siloName = options.Value.SiloName;
    }

    public Task<string> Echo(string text) => Task.FromResult(text);

    public Task<int> Add(int a, int b) => Task.FromResult(a + b);

    public ValueTask<string> SiloName() => ValueTask.FromResult(_siloName);

    public ValueTask Nothing() => ValueTask.CompletedTask;

    public Task<Payload> RoundTrip(Payload payload) => Task.FromResult(payload with { Count = payload.Count + 1 });

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public Task FailWithCustomException(string message) => throw new CustomGrainException(message);

    public Task FailWithRegisteredException(string message) => throw new RegisteredGrainException(message);

    public Task<string> EchoThrough(string otherKey, string text) => GrainFactory.GetGrain<IEchoGrain>(otherKey).Echo(text);

    public Task<string> Key() => Task.FromResult(this.GetPrimaryKeyString());
}
