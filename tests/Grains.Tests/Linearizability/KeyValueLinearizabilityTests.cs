using OrleansSync.TestSupport.Linearizability;
using OrleansSync.TestSupport.Linearizability.Models;

namespace OrleansSync.Grains.Tests.Linearizability;

public sealed class KeyValueLinearizabilityTests
{
    private static Operation<KeyValueInput, KeyValueOutput> Op(int client, KeyValueInput input, KeyValueOutput output, long call, long ret) =>
        Operation<KeyValueInput, KeyValueOutput>.Completed(client, input, output, call, ret);

    private static Operation<KeyValueInput, KeyValueOutput> Pending(int client, KeyValueInput input, long call) =>
        Operation<KeyValueInput, KeyValueOutput>.Pending(client, input, call);

    private static LinearizabilityResult Check(params Operation<KeyValueInput, KeyValueOutput>[] history) =>
        LinearizabilityChecker.Check(KeyValueModel.Instance, history);

    [Fact]
    public void Check_SequentialHistory_IsOk()
    {
        var result = Check(
            Op(1, KeyValueInput.Put("x", "1"), KeyValueOutput.Put(null), 0, 1),
            Op(1, KeyValueInput.Get("x"), KeyValueOutput.Read("1"), 2, 3),
            Op(1, KeyValueInput.CompareAndSwap("x", "1", "2"), KeyValueOutput.Swapped("2"), 4, 5),
            Op(1, KeyValueInput.CompareAndSwap("x", "1", "3"), KeyValueOutput.NotSwapped("2"), 6, 7),
            Op(1, KeyValueInput.Append("x", "a"), KeyValueOutput.Appended("2a"), 8, 9),
            Op(1, KeyValueInput.Put("x", "b"), KeyValueOutput.Put("2a"), 10, 11),
            Op(1, KeyValueInput.Delete("x"), KeyValueOutput.Deleted("b"), 12, 13),
            Op(1, KeyValueInput.Delete("x"), KeyValueOutput.Deleted(null), 14, 15),
            Op(1, KeyValueInput.Get("x"), KeyValueOutput.Read(null), 16, 17));

        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public void Check_ReadsConcurrentWithWrite_SeeOldOrNewValue_IsOk()
    {
        // A read overlapping a write may return either value, and two reads may disagree as long
        // as a linearization order explains both: get->0 before put, put, get->1 after.
        var result = Check(
            Op(1, KeyValueInput.Put("x", "0"), KeyValueOutput.Put(null), 0, 1),
            Op(1, KeyValueInput.Put("x", "1"), KeyValueOutput.Put("0"), 2, 10),
            Op(2, KeyValueInput.Get("x"), KeyValueOutput.Read("1"), 3, 4),
            Op(3, KeyValueInput.Get("x"), KeyValueOutput.Read("0"), 3, 9));

        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public void Check_ReadsGoingBackInTime_IsIllegal()
    {
        // Client 2 saw the new value and returned before client 3 started, yet client 3 saw the old one.
        var result = Check(
            Op(1, KeyValueInput.Put("x", "0"), KeyValueOutput.Put(null), 0, 1),
            Op(1, KeyValueInput.Put("x", "1"), KeyValueOutput.Put("0"), 2, 10),
            Op(2, KeyValueInput.Get("x"), KeyValueOutput.Read("1"), 3, 4),
            Op(3, KeyValueInput.Get("x"), KeyValueOutput.Read("0"), 5, 9));

        Assert.True(result.IsIllegal, result.ToString());
    }

    [Fact]
    public void Check_StaleRead_IsIllegal()
    {
        var result = Check(
            Op(1, KeyValueInput.Put("x", "1"), KeyValueOutput.Put(null), 0, 1),
            Op(1, KeyValueInput.Put("x", "2"), KeyValueOutput.Put("1"), 2, 3),
            Op(2, KeyValueInput.Get("x"), KeyValueOutput.Read("1"), 4, 5));

        Assert.True(result.IsIllegal, result.ToString());
        Assert.Equal("x", result.PartitionKey);
        Assert.Contains("get(x) -> 1", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LostWrite_IsIllegal()
    {
        // Both appends were acknowledged, but the final read shows only one of them.
        var result = Check(
            Op(1, KeyValueInput.Append("x", "a"), KeyValueOutput.Appended("a"), 0, 3),
            Op(2, KeyValueInput.Append("x", "b"), KeyValueOutput.Appended("b"), 1, 4),
            Op(3, KeyValueInput.Get("x"), KeyValueOutput.Read("b"), 5, 6));

        Assert.True(result.IsIllegal, result.ToString());
    }

    [Fact]
    public void Check_PutAnsweringAPreviousValueNobodyWrote_IsIllegal()
    {
        var result = Check(
            Op(1, KeyValueInput.Put("x", "1"), KeyValueOutput.Put(null), 0, 1),
            Op(1, KeyValueInput.Put("x", "2"), KeyValueOutput.Put("7"), 2, 3));

        Assert.True(result.IsIllegal, result.ToString());
    }

    [Fact]
    public void Check_TwoCompareAndSwapsFromAbsentBothSucceed_IsIllegal()
    {
        var result = Check(
            Op(1, KeyValueInput.CompareAndSwap("x", null, "a"), KeyValueOutput.Swapped("a"), 0, 5),
            Op(2, KeyValueInput.CompareAndSwap("x", null, "b"), KeyValueOutput.Swapped("b"), 1, 6));

        Assert.True(result.IsIllegal, result.ToString());
    }

    [Fact]
    public void Check_PendingWriteSeenOrNotSeen_IsOk()
    {
        // A write that never returned may take effect late (after the first read) or never.
        var seenLate = Check(
            Pending(1, KeyValueInput.Put("x", "1"), 0),
            Op(2, KeyValueInput.Get("x"), KeyValueOutput.Read(null), 1, 2),
            Op(2, KeyValueInput.Get("x"), KeyValueOutput.Read("1"), 3, 4));
        var neverSeen = Check(
            Pending(1, KeyValueInput.Put("x", "1"), 0),
            Op(2, KeyValueInput.Get("x"), KeyValueOutput.Read(null), 1, 2));

        Assert.True(seenLate.IsOk, seenLate.ToString());
        Assert.True(neverSeen.IsOk, neverSeen.ToString());
    }

    [Fact]
    public void Check_PendingWriteSeenThenUnseen_IsIllegal()
    {
        // Once a read saw the pending write, it happened: a later read cannot miss it.
        var result = Check(
            Pending(1, KeyValueInput.Put("x", "1"), 0),
            Op(2, KeyValueInput.Get("x"), KeyValueOutput.Read("1"), 1, 2),
            Op(2, KeyValueInput.Get("x"), KeyValueOutput.Read(null), 3, 4));

        Assert.True(result.IsIllegal, result.ToString());
    }

    [Fact]
    public void Check_PendingWriteBeforeItsCall_IsIllegal()
    {
        // A pending operation can take effect only after its call.
        var result = Check(
            Op(2, KeyValueInput.Get("x"), KeyValueOutput.Read("1"), 0, 1),
            Pending(1, KeyValueInput.Put("x", "1"), 2));

        Assert.True(result.IsIllegal, result.ToString());
    }

    [Fact]
    public void Check_ViolationOnOneKey_NamesThatKey()
    {
        var result = Check(
            Op(1, KeyValueInput.Put("a", "1"), KeyValueOutput.Put(null), 0, 1),
            Op(1, KeyValueInput.Get("a"), KeyValueOutput.Read("1"), 2, 3),
            Op(2, KeyValueInput.Put("b", "1"), KeyValueOutput.Put(null), 0, 1),
            Op(2, KeyValueInput.Get("b"), KeyValueOutput.Read("2"), 2, 3));

        Assert.True(result.IsIllegal, result.ToString());
        Assert.Equal("b", result.PartitionKey);
    }

    [Fact]
    public void Check_OperationsTouchingAtTheSameInstant_AreConcurrent()
    {
        // The read's call and the write's return share a time: they overlap, so the read may precede the write.
        var result = Check(
            Op(1, KeyValueInput.Put("x", "1"), KeyValueOutput.Put(null), 0, 5),
            Op(2, KeyValueInput.Get("x"), KeyValueOutput.Read(null), 5, 6));

        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public void Check_StepBudgetExhausted_IsUnknownNotOk()
    {
        var history = ManyConcurrentAppends(8);

        var result = LinearizabilityChecker.Check(KeyValueModel.Instance, history, CheckBudget.Steps(20));
        var unbounded = LinearizabilityChecker.Check(KeyValueModel.Instance, history, new CheckBudget { MaxSteps = null });

        Assert.True(result.IsUnknown, result.ToString());
        Assert.True(unbounded.IsOk, unbounded.ToString());
    }

    [Fact]
    public void Check_DeadlinePassed_IsUnknown()
    {
        var clock = new SteppingTimeProvider(TimeSpan.FromMilliseconds(1));
        var budget = new CheckBudget { MaxSteps = null, TimeProvider = clock, Timeout = TimeSpan.FromMilliseconds(1) };

        // Ten pending appends and a read no order explains: the full search would visit millions of states.
        var pendingAppends = Enumerable.Range(0, 10).Select(i => Pending(i, KeyValueInput.Append("x", ((char)('a' + i)).ToString()), i));
        var impossibleRead = Op(10, KeyValueInput.Get("x"), KeyValueOutput.Read("z"), 20, 21);

        var result = LinearizabilityChecker.Check(KeyValueModel.Instance, [.. pendingAppends, impossibleRead], budget);

        Assert.True(result.IsUnknown, result.ToString());
    }

    [Fact]
    public void Check_RecordedHistory_UsesOneLogicalClock()
    {
        var recorder = new HistoryRecorder<KeyValueInput, KeyValueOutput>();
        var put = recorder.Invoke(1, KeyValueInput.Put("x", "1"));
        var get = recorder.Invoke(2, KeyValueInput.Get("x"));
        recorder.Complete(get, KeyValueOutput.Read("1"));
        recorder.Complete(put, KeyValueOutput.Put(null));
        recorder.Invoke(3, KeyValueInput.Put("x", "2"));
        var history = recorder.ToHistory();

        Assert.Equal([1L, 2L, 5L], history.Select(o => o.CallTime));
        Assert.True(history[2].IsPending);
        Assert.True(LinearizabilityChecker.Check(KeyValueModel.Instance, history).IsOk);
    }

    /// <summary>
    /// Appends of distinct letters, all concurrent, then a read of them in reverse order: valid,
    /// but the search tries many orders first.
    /// </summary>
    private static Operation<KeyValueInput, KeyValueOutput>[] ManyConcurrentAppends(int count)
    {
        var letters = Enumerable.Range(0, count).Select(i => ((char)('a' + i)).ToString()).ToList();
        var appends = letters.Select((letter, i) =>
            Op(i, KeyValueInput.Append("x", letter), KeyValueOutput.Appended(string.Concat(letters.Skip(i).Reverse())), i, 100 + i));
        var read = Op(count, KeyValueInput.Get("x"), KeyValueOutput.Read(string.Concat(Enumerable.Reverse(letters))), 200, 201);
        return [.. appends, read];
    }
}
