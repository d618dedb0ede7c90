namespace OrleansSync.Runtime.Tests.TestGrains;

/// <summary>Subscribes to the stream (provider, "test", its own key) and records what it receives.</summary>
public interface IStreamSubscriberGrain : IGrainWithStringKey
{
    Task Subscribe(string provider);

    Task<List<int>> Received();

    Task<string> SiloName();

    Task UnsubscribeAll(string provider);

    Task DeactivateSoon();
}
