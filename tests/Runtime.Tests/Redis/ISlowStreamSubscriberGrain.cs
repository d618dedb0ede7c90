namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>A stream subscriber whose handler holds its first item until the test releases <see cref="SlowStreamSubscriberGrain.GateName"/>.</summary>
public interface ISlowStreamSubscriberGrain : IGrainWithStringKey
{
    Task Subscribe(string provider);

    Task<List<int>> Received();
}
