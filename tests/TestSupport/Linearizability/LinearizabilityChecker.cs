namespace OrleansSync.TestSupport.Linearizability;

/// <summary>
/// Porcupine-style linearizability checking: the history is split per object
/// (<see cref="Model{TState,TInput,TOutput}.PartitionKey"/>) and each part is searched on its own.
/// The verdict is Illegal if any part is, otherwise Unknown if the budget ran out anywhere, else Ok.
/// </summary>
public static class LinearizabilityChecker
{
    public static LinearizabilityResult Check<TState, TInput, TOutput>(
        Model<TState, TInput, TOutput> model,
        IReadOnlyList<Operation<TInput, TOutput>> history,
        CheckBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(history);
        budget ??= CheckBudget.Default;
        budget.Validate();
        var meter = new BudgetMeter(budget);
        var partitions = history
            .Where(o => !(o.IsPending && model.IsReadOnly(o.Input)))
            .GroupBy(o => model.PartitionKey(o.Input), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        LinearizabilityResult? unknown = null;
        foreach (var partition in partitions)
        {
            var search = new PartitionSearch<TState, TInput, TOutput>(model, [.. partition], meter);
            var verdict = search.Run(out var explanation);
            if (verdict == LinearizabilityVerdict.Illegal)
            {
                return new LinearizabilityResult(verdict, partition.Key, explanation, meter.StepsUsed);
            }

            if (verdict == LinearizabilityVerdict.Unknown)
            {
                unknown ??= new LinearizabilityResult(verdict, partition.Key, explanation, meter.StepsUsed);
            }
        }

        return unknown is null
            ? new LinearizabilityResult(LinearizabilityVerdict.Ok, null, $"{history.Count} operations linearizable", meter.StepsUsed)
            : unknown with { StepsUsed = meter.StepsUsed };
    }
}
