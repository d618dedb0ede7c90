using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Streams;

namespace OrleansSync.Runtime.Tests.TestGrains;

public sealed class StreamSubscriberGrain : Grain, IStreamSubscriberGrain
{
    /// <summary>The providers whose subscriptions every activation resumes.</summary>
    public static readonly string[] Providers = ["cluster"];

    private readonly List<int> _received = [];
    private readonly string _siloName;

    public StreamSubscriberGrain(IOptions<SiloOptions> options)
    {
        _siloName = options.Value.SiloName;
    }

    /// <summary>The stream a subscriber with this key listens to.</summary>
    public static StreamId StreamOf(string key) => new("test", key.Split('#')[0]);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in Providers)
        {
            var stream = this.GetStreamProvider(provider).GetStream<int>(StreamOf(this.GetPrimaryKeyString()));
            foreach (var handle in await stream.GetAllSubscriptionHandles())
            {
                await handle.ResumeAsync(OnItem);
            }
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        TestGates.Get(DeactivatedGateName(this.GetPrimaryKeyString())).Entered.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>The gate a subscriber opens when it deactivates.</summary>
    public static string DeactivatedGateName(string key) => "subscriber-deactivated/" + key;

    public async Task Subscribe(string provider) =>
        await this.GetStreamProvider(provider).GetStream<int>(StreamOf(this.GetPrimaryKeyString())).SubscribeAsync(OnItem);

    public Task<List<int>> Received() => Task.FromResult(_received.ToList());

    public Task<string> SiloName() => Task.FromResult(_siloName);

    public async Task UnsubscribeAll(string provider)
    {
        var stream = this.GetStreamProvider(provider).GetStream<int>(StreamOf(this.GetPrimaryKeyString()));
        foreach (var handle in await stream.GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }
    }

    public Task DeactivateSoon()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private Task OnItem(int item)
    {
        _received.Add(item);
        DeliveryCounter.For(this.GetPrimaryKeyString()).Increment();
        return Task.CompletedTask;
    }
}
