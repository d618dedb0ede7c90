namespace OrleansSync.Runtime.Tests.TestGrains;

public interface IReentrantGrain : IGrainWithStringKey
{
    Task Block(string gate);

    Task<bool> Probe();
}
