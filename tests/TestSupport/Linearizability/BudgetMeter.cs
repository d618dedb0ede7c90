namespace OrleansSync.TestSupport.Linearizability;

/// <summary>Counts search steps against a <see cref="CheckBudget"/>, shared by all partitions of one check.</summary>
internal sealed class BudgetMeter
{
    /// <summary>Steps between two reads of the clock: reading it every step would dominate the search.</summary>
    private const int ClockCheckIntervalSteps = 1024;

    private readonly CheckBudget _budget;
    private readonly long _startTimestamp;

    public BudgetMeter(CheckBudget budget)
    {
        _budget = budget;
        _startTimestamp = budget.TimeProvider?.GetTimestamp() ?? 0;
    }

    public long StepsUsed { get; private set; }

    public bool Exhausted { get; private set; }

    /// <summary>Takes one step; false (and from then on always false) once the budget is spent.</summary>
    public bool TryTakeStep()
    {
        if (Exhausted)
        {
            return false;
        }

        StepsUsed++;
        if (StepsUsed > _budget.MaxSteps)
        {
            Exhausted = true;
        }
        else if (_budget.Timeout is { } timeout && StepsUsed % ClockCheckIntervalSteps == 0)
        {
            Exhausted = _budget.TimeProvider!.GetElapsedTime(_startTimestamp) > timeout;
        }

        return !Exhausted;
    }
}
