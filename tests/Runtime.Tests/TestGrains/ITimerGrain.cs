namespace OrleansSync.Runtime.Tests.TestGrains;

public interface ITimerGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer that opens the gate after <paramref name="ticks"/> ticks.</summary>
    Task Start(string gate, int ticks);

    Task<int> Ticks();
}
