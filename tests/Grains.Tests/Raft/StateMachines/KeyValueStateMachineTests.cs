using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Raft.StateMachines;

public sealed class KeyValueStateMachineTests
{
    private readonly KeyValueStateMachine _machine = new(maxKeys: 3);
    private ulong _index;

    [Fact]
    public void PutGetDelete_BehaveLikeAMap()
    {
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.NotFound), Run(KeyValueCommand.Get("k")));
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok), Run(KeyValueCommand.Put("k", "1")));
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok, "1"), Run(KeyValueCommand.Put("k", "2")));
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok, "2"), Run(KeyValueCommand.Get("k")));
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok, "2"), Run(KeyValueCommand.Delete("k")));
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.NotFound), Run(KeyValueCommand.Delete("k")));
    }

    [Fact]
    public void CompareAndSwap_SwapsOnlyOnMatch()
    {
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok, "a"), Run(KeyValueCommand.CompareAndSwap("k", null, "a")));
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.CompareFailed, "a"), Run(KeyValueCommand.CompareAndSwap("k", null, "b")));
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.CompareFailed, "a"), Run(KeyValueCommand.CompareAndSwap("k", "x", "b")));
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok, "b"), Run(KeyValueCommand.CompareAndSwap("k", "a", "b")));
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.CompareFailed), Run(KeyValueCommand.CompareAndSwap("absent", "a", "b")));
    }

    [Fact]
    public void Append_ConcatenatesAndCreates()
    {
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok, "x"), Run(KeyValueCommand.Append("k", "x")));
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok, "xyz"), Run(KeyValueCommand.Append("k", "yz")));
    }

    [Fact]
    public void Append_BeyondMaxValueSize_LimitExceededAndUnchanged()
    {
        Run(KeyValueCommand.Put("k", new string('a', KeyValueCodec.MaxValueBytes)));
        Assert.Equal(KeyValueResultStatus.LimitExceeded, Run(KeyValueCommand.Append("k", "b")).Status);
        Assert.Equal(KeyValueCodec.MaxValueBytes, _machine.Read("k")!.Length);
    }

    [Fact]
    public void Write_BeyondMaxKeys_LimitExceededButOverwriteAllowed()
    {
        Run(KeyValueCommand.Put("a", "1"));
        Run(KeyValueCommand.Put("b", "1"));
        Run(KeyValueCommand.Put("c", "1"));
        Assert.Equal(KeyValueResultStatus.LimitExceeded, Run(KeyValueCommand.Put("d", "1")).Status);
        Assert.Equal(KeyValueResultStatus.LimitExceeded, Run(KeyValueCommand.Append("d", "1")).Status);
        Assert.Equal(KeyValueResultStatus.Ok, Run(KeyValueCommand.Put("a", "2")).Status);
        Assert.Equal(3, _machine.Count);
    }

    [Fact]
    public void Apply_MalformedCommand_AnswersMalformed()
    {
        var result = KeyValueCodec.DecodeResult(_machine.Apply(1, new byte[] { 99, 0 }).Span);
        Assert.Equal(KeyValueResultStatus.Malformed, result.Status);
        Assert.Equal(0, _machine.Count);
    }

    [Fact]
    public void Query_GetOnlyAndChangesNothing()
    {
        Run(KeyValueCommand.Put("k", "v"));
        var result = KeyValueCodec.DecodeResult(_machine.Query(KeyValueCodec.EncodeCommand(KeyValueCommand.Get("k"))).Span);
        Assert.Equal(new KeyValueResult(KeyValueResultStatus.Ok, "v"), result);
        Assert.Throws<CommandFormatException>(() => _machine.Query(KeyValueCodec.EncodeCommand(KeyValueCommand.Put("k", "w"))));
        Assert.Throws<CommandFormatException>(() => _machine.Query(new byte[] { 1 }));
        Assert.Equal("v", _machine.Read("k"));
    }

    [Fact]
    public void Snapshot_RestoreRoundTripsAndIsOrderIndependent()
    {
        Run(KeyValueCommand.Put("b", "2"));
        Run(KeyValueCommand.Put("a", "é中😀"));
        var other = new KeyValueStateMachine(maxKeys: 3);
        other.Apply(1, KeyValueCodec.EncodeCommand(KeyValueCommand.Put("a", "é中😀")));
        other.Apply(2, KeyValueCodec.EncodeCommand(KeyValueCommand.Put("b", "2")));
        Assert.Equal(_machine.Snapshot(), other.Snapshot());

        var restored = new KeyValueStateMachine(maxKeys: 3);
        restored.Restore(_machine.Snapshot());
        Assert.Equal("é中😀", restored.Read("a"));
        Assert.Equal(_machine.Snapshot(), restored.Snapshot());
    }

    [Fact]
    public void Restore_Malformed_ThrowsTypedError()
    {
        var snapshot = _machine.Snapshot();
        Assert.Throws<CommandFormatException>(() => _machine.Restore(new byte[] { 1, 2, 3, 4 }));
        Assert.Throws<CommandFormatException>(() => _machine.Restore(snapshot.AsMemory(0, 6)));
    }

    private KeyValueResult Run(KeyValueCommand command) =>
        KeyValueCodec.DecodeResult(_machine.Apply(++_index, KeyValueCodec.EncodeCommand(command)).Span);
}
