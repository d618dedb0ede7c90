using OrleansSync.Runtime.Storage;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Storage;

public sealed class PersistentStateTests
{
    private static readonly GrainId Grain = new("Test.Grain", "state");

    [Fact]
    public async Task Read_NoRecord_GivesNewStateWithoutETag()
    {
        var state = new PersistentState<CounterState>(new MemoryGrainStorage(), "s", Grain);

        await state.ReadStateAsync();

        Assert.Equal(0, state.State.Value);
        Assert.False(state.RecordExists);
        Assert.Null(state.Etag);
    }

    [Fact]
    public async Task Write_ThenReadInAnotherInstance_SeesTheState()
    {
        var storage = new MemoryGrainStorage();
        var writer = new PersistentState<CounterState>(storage, "s", Grain);
        writer.State.Value = 5;
        writer.State.History.Add("x");
        await writer.WriteStateAsync();

        var reader = new PersistentState<CounterState>(storage, "s", Grain);
        await reader.ReadStateAsync();

        Assert.Equal(5, reader.State.Value);
        Assert.Equal(["x"], reader.State.History);
        Assert.Equal(writer.Etag, reader.Etag);
    }

    [Fact]
    public async Task ConflictingWriters_SecondRaisesInconsistentStateException()
    {
        var storage = new MemoryGrainStorage();
        var a = new PersistentState<CounterState>(storage, "s", Grain);
        var b = new PersistentState<CounterState>(storage, "s", Grain);
        await a.ReadStateAsync();
        await b.ReadStateAsync();
        a.State.Value = 1;
        await a.WriteStateAsync();

        b.State.Value = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => b.WriteStateAsync());
    }

    [Fact]
    public async Task Clear_ResetsStateAndRemovesRecord()
    {
        var storage = new MemoryGrainStorage();
        var state = new PersistentState<CounterState>(storage, "s", Grain);
        state.State.Value = 3;
        await state.WriteStateAsync();

        await state.ClearStateAsync();

        Assert.Equal(0, state.State.Value);
        Assert.False(state.RecordExists);
        Assert.Null(await storage.ReadAsync("s", Grain, CancellationToken.None));
    }
}
