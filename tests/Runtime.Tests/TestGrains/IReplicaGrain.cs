namespace OrleansSync.Runtime.Tests.TestGrains;

public interface IReplicaGrain : IGrainWithStringKey
{
    Task<string> SiloName();
}
