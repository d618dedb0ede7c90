namespace OrleansSync.Runtime.Tests.TestGrains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    Task<string> SiloName();

    Task<int> Activations();

    Task DeactivateSoon();

    Task Clear();
}
