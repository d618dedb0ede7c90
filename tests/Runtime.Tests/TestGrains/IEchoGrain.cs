namespace OrleansSync.Runtime.Tests.TestGrains;

public interface IEchoGrain : IGrainWithStringKey
{
    Task<string> Echo(string text);

    Task<int> Add(int a, int b);

    ValueTask<string> SiloName();

    ValueTask Nothing();

    Task<Payload> RoundTrip(Payload payload);

    Task Fail(string message);

    Task FailWithCustomException(string message);

    Task FailWithRegisteredException(string message);

    Task<string> EchoThrough(string otherKey, string text);

    Task<string> Key();
}
