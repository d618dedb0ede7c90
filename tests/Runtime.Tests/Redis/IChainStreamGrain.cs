namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>Subscribes to ("chain", its key) and, for each item below a limit, publishes the next one to the same stream from its handler.</summary>
public interface IChainStreamGrain : IGrainWithStringKey
{
    Task Subscribe(string provider, int limit);

    Task<List<int>> Received();
}
