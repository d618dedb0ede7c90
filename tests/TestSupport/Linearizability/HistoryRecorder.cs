namespace OrleansSync.TestSupport.Linearizability;

/// <summary>
/// Records a history with logical times: every call and every return takes the next tick of one
/// counter, so the real-time order of events is exactly the order in which they were recorded.
/// Operations still open when <see cref="ToHistory"/> is called are pending.
/// </summary>
public sealed class HistoryRecorder<TInput, TOutput>
{
    private readonly List<OpenOperation> _operations = [];
    private long _clock;

    /// <summary>Number of operations recorded so far (open or closed).</summary>
    public int Count => _operations.Count;

    /// <summary>Records a call and returns a handle to complete it with.</summary>
    public int Invoke(int clientId, TInput input)
    {
        _operations.Add(new OpenOperation(clientId, input, ++_clock));
        return _operations.Count - 1;
    }

    /// <summary>Records the answer to the call <paramref name="handle"/>.</summary>
    public void Complete(int handle, TOutput output)
    {
        var operation = _operations[handle];
        if (operation.ReturnTime is not null)
        {
            throw new InvalidOperationException($"Operation {handle} already completed.");
        }

        operation.Output = output;
        operation.ReturnTime = ++_clock;
    }

    /// <summary>The history so far; open operations are pending.</summary>
    public IReadOnlyList<Operation<TInput, TOutput>> ToHistory() =>
        [.. _operations.Select(o => new Operation<TInput, TOutput>(o.ClientId, o.Input, o.Output, o.CallTime, o.ReturnTime))];

    private sealed class OpenOperation(int clientId, TInput input, long callTime)
    {
        public int ClientId { get; } = clientId;

        public TInput Input { get; } = input;

        public long CallTime { get; } = callTime;

        public TOutput? Output { get; set; }

        public long? ReturnTime { get; set; }
    }
}
