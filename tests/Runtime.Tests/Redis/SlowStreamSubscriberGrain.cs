using OrleansSync.Runtime.Streams;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Redis;

public sealed class SlowStreamSubscriberGrain : Grain, ISlowStreamSubscriberGrain
{
    private static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(15);
    private readonly List<int> _received = [];

    /// <summary>The gate the first item's handler enters and then waits on.</summary>
    public static string GateName(string key) => "slow-subscriber/" + key;

    public async Task Subscribe(string provider) =>
        await this.GetStreamProvider(provider).GetStream<int>("slow", this.GetPrimaryKeyString()).SubscribeAsync(OnItemAsync);

    public Task<List<int>> Received() => Task.FromResult(_received.ToList());

    private async Task OnItemAsync(int item)
    {
        if (_received.Count == 0)
        {
            var gate = TestGates.Get(GateName(this.GetPrimaryKeyString()));
            gate.Entered.TrySetResult();
            await gate.Released.Task.WaitAsync(HoldLimit);
        }

        _received.Add(item);
        DeliveryCounter.For(this.GetPrimaryKeyString()).Increment();
    }
}
