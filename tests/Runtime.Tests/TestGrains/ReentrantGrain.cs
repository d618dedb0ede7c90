namespace OrleansSync.Runtime.Tests.TestGrains;

[Reentrant]
public sealed class ReentrantGrain : Grain, IReentrantGrain
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
}
