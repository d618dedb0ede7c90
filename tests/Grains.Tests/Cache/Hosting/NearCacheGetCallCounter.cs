using OrleansSync.Grains.Interfaces.Cache;

namespace OrleansSync.Grains.Tests.Cache.Hosting;

/// <summary>Counts the calls of <see cref="INearCacheGrain.Get"/> a silo's grains receive: a read served from the read view makes none.</summary>
internal sealed class NearCacheGetCallCounter : IIncomingGrainCallFilter
{
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(INearCacheGrain) && context.InterfaceMethod.Name == nameof(INearCacheGrain.Get))
        {
            Interlocked.Increment(ref _calls);
        }

        return context.Invoke();
    }
}
