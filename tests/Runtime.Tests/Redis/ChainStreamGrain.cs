using OrleansSync.Runtime.Streams;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Redis;

public sealed class ChainStreamGrain : Grain, IChainStreamGrain
{
    private readonly List<int> _received = [];
    private IAsyncStream<int>? _stream;
    private int _limit;

    public async Task Subscribe(string provider, int limit)
    {
        _limit = limit;
        _stream = this.GetStreamProvider(provider).GetStream<int>("chain", this.GetPrimaryKeyString());
        await _stream.SubscribeAsync(OnItemAsync);
    }

    public Task<List<int>> Received() => Task.FromResult(_received.ToList());

    private async Task OnItemAsync(int item)
    {
        _received.Add(item);
        DeliveryCounter.For(this.GetPrimaryKeyString()).Increment();
        if (item < _limit)
        {
            // Inside a non-reentrant turn: fine on Redis, where publishing does not wait for delivery.
            await _stream!.OnNextAsync(item + 1);
        }
    }
}
