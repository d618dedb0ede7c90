namespace OrleansSync.Runtime.Tests.TestGrains;

public sealed class TurnGrain : Grain, ITurnGrain
{
    private int _inside;

    public async Task Block(string gate)
    {
        _inside++;
        var g = TestGates.Get(gate);
        g.Entered.TrySetResult();
        await g.Released.Task;
        _inside--;
    }

    public Task<bool> Probe() => Task.FromResult(_inside > 0);

    public Task<bool> InterleavedProbe() => Task.FromResult(_inside > 0);
}
