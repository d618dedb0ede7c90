using System.Text;

namespace OrleansSync.TestSupport.Linearizability;

/// <summary>
/// Wing &amp; Gong's search, with Lowe's memoization of (linearized set, state), over the history
/// of one partition. It walks the event list: at a call it tries to linearize that operation next
/// (lift it and restart from the head); at a return whose call is not yet linearized it backtracks.
/// Pending operations have no return, so they may stay unlinearized (they never took effect).
/// </summary>
internal sealed class PartitionSearch<TState, TInput, TOutput>
{
    /// <summary>How many operations an explanation lists at most, so a failure message stays readable.</summary>
    private const int ExplanationOperationLimit = 12;

    private readonly Model<TState, TInput, TOutput> _model;
    private readonly IReadOnlyList<Operation<TInput, TOutput>> _operations;
    private readonly BudgetMeter _meter;
    private readonly SearchNode _head = new(-1, isCall: false);
    private int[] _deepest = [];

    public PartitionSearch(Model<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> operations, BudgetMeter meter)
    {
        _model = model;
        _operations = operations;
        _meter = meter;
        BuildEventList();
    }

    /// <summary>Runs the search; on Illegal, <paramref name="explanation"/> describes the failure.</summary>
    public LinearizabilityVerdict Run(out string explanation)
    {
        var linearized = new Bitset(_operations.Count);
        var memo = new HashSet<(Bitset, TState)>(new MemoKeyComparer<TState>(_model.StateComparer));
        var stack = new List<(SearchNode Call, TState Before)>();
        var state = _model.Init();
        var remainingReturns = _operations.Count(o => !o.IsPending);
        var entry = _head.Next;
        explanation = string.Empty;
        while (remainingReturns > 0)
        {
            if (!_meter.TryTakeStep())
            {
                explanation = $"step budget exhausted after {_meter.StepsUsed} steps";
                return LinearizabilityVerdict.Unknown;
            }

            // Every node before `entry` is a call, so a remaining return lies ahead of it.
            var node = entry ?? throw new InvalidOperationException("Search walked past the last return.");
            if (node.IsCall)
            {
                entry = node.Next;
                if (TryLinearize(node, state, linearized, memo, out var next))
                {
                    stack.Add((node, state));
                    state = next;
                    Lift(node);
                    remainingReturns -= node.Match is null ? 0 : 1;
                    RememberIfDeepest(stack);
                    entry = _head.Next;
                }

                continue;
            }

            if (stack.Count == 0)
            {
                explanation = Explain();
                return LinearizabilityVerdict.Illegal;
            }

            var (call, before) = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            state = before;
            linearized.Clear(call.OperationIndex);
            Unlift(call);
            remainingReturns += call.Match is null ? 0 : 1;
            entry = call.Next;
        }

        return LinearizabilityVerdict.Ok;
    }

    private bool TryLinearize(SearchNode call, TState state, Bitset linearized, HashSet<(Bitset, TState)> memo, out TState next)
    {
        var operation = _operations[call.OperationIndex];
        bool ok;
        if (operation.IsPending)
        {
            (ok, next) = (true, _model.StepPending(state, operation.Input));
        }
        else
        {
            (ok, next) = _model.Step(state, operation.Input, operation.Output!);
        }

        if (!ok)
        {
            return false;
        }

        linearized.Set(call.OperationIndex);
        if (memo.Add((linearized.Clone(), next)))
        {
            return true;
        }

        linearized.Clear(call.OperationIndex);
        return false;
    }

    private static void Lift(SearchNode call)
    {
        call.Unlink();
        call.Match?.Unlink();
    }

    private static void Unlift(SearchNode call)
    {
        call.Match?.Relink();
        call.Relink();
    }

    private void RememberIfDeepest(List<(SearchNode Call, TState Before)> stack)
    {
        if (stack.Count > _deepest.Length)
        {
            _deepest = [.. stack.Select(s => s.Call.OperationIndex)];
        }
    }

    private void BuildEventList()
    {
        var events = new List<(long Time, int Order, int Index, SearchNode Node)>();
        for (var i = 0; i < _operations.Count; i++)
        {
            var operation = _operations[i];
            var call = new SearchNode(i, isCall: true);
            events.Add((operation.CallTime, 0, i, call));
            if (operation.ReturnTime is { } returnTime)
            {
                call.Match = new SearchNode(i, isCall: false);
                events.Add((returnTime, 1, i, call.Match));
            }
        }

        // At equal times calls come first: such operations overlap, the permissive reading.
        events.Sort((a, b) => (a.Time, a.Order, a.Index).CompareTo((b.Time, b.Order, b.Index)));
        var previous = _head;
        foreach (var (_, _, _, node) in events)
        {
            previous.Next = node;
            node.Previous = previous;
            previous = node;
        }
    }

    private string Explain()
    {
        var inPrefix = _deepest.ToHashSet();
        var text = new StringBuilder();
        text.Append("longest linearizable prefix has ").Append(_deepest.Length).Append(" of ").Append(_operations.Count)
            .Append(" operations");
        var shownPrefix = _deepest.Skip(Math.Max(0, _deepest.Length - ExplanationOperationLimit)).ToList();
        text.Append(shownPrefix.Count < _deepest.Length ? ", ending [" : ": [");
        text.AppendJoin("; ", shownPrefix.Select(Describe)).Append("]; none of these can follow it: [");
        var rest = Enumerable.Range(0, _operations.Count).Where(i => !inPrefix.Contains(i))
            .OrderBy(i => _operations[i].CallTime).Take(ExplanationOperationLimit);
        text.AppendJoin("; ", rest.Select(Describe)).Append(']');
        return text.ToString();
    }

    private string Describe(int index)
    {
        var operation = _operations[index];
        var interval = operation.IsPending ? $"{operation.CallTime}.." : $"{operation.CallTime}..{operation.ReturnTime}";
        return $"client {operation.ClientId} {_model.Describe(operation.Input, operation.Output, operation.IsPending)} @{interval}";
    }
}
