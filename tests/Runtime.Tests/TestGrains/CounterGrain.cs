using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Testing;

namespace OrleansSync.Runtime.Tests.TestGrains;

public sealed class CounterGrain : Grain, ICounterGrain
{
    private static readonly ConcurrentDictionary<string, int> ActivationsByKey = new();
    private readonly IPersistentState<CounterState> _state;
    private readonly string _siloName;

    public CounterGrain([PersistentState("counter", TestCluster.SharedStorageName)] IPersistentState<CounterState> state, IOptions<SiloOptions> options)
    {
        _state = state;
        _siloName = options.Value.SiloName;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ActivationsByKey.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        TestGates.Get(DeactivatedGateName(this.GetPrimaryKeyString())).Entered.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>The gate a counter opens when it deactivates.</summary>
    public static string DeactivatedGateName(string key) => "counter-deactivated/" + key;

    public async Task<int> Increment()
    {
        _state.State.Value++;
        _state.State.History.Add(_siloName);
        await _state.WriteStateAsync();
        return _state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(_state.State.Value);

    public Task<string> SiloName() => Task.FromResult(_siloName);

    public Task<int> Activations() => Task.FromResult(ActivationsByKey.GetValueOrDefault(this.GetPrimaryKeyString()));

    public Task DeactivateSoon()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task Clear() => _state.ClearStateAsync();
}
