namespace OrleansSync.TestSupport.Linearizability;

/// <summary>
/// How much search the checker may spend before it answers <see cref="LinearizabilityVerdict.Unknown"/>.
/// A step budget is deterministic (the same history always gets the same verdict); a deadline on an
/// injected <see cref="TimeProvider"/> bounds wall time. Either or both may be set.
/// </summary>
public sealed record CheckBudget
{
    /// <summary>Default maximum number of search steps (model steps plus backtracks).</summary>
    public const long DefaultMaxSteps = 5_000_000;

    /// <summary>Maximum search steps over all partitions; null means no step limit.</summary>
    public long? MaxSteps { get; init; } = DefaultMaxSteps;

    /// <summary>Clock for <see cref="Timeout"/>; required when <see cref="Timeout"/> is set.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Wall time allowed for the whole check; null means no deadline.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The default: a deterministic step budget and no deadline.</summary>
    public static CheckBudget Default { get; } = new();

    /// <summary>Only a step budget.</summary>
    public static CheckBudget Steps(long maxSteps) => new() { MaxSteps = maxSteps };

    internal void Validate()
    {
        if (MaxSteps is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "Must be positive.");
        }

        if (Timeout is not null && TimeProvider is null)
        {
            throw new ArgumentException("A Timeout needs a TimeProvider.", nameof(TimeProvider));
        }

        if (Timeout is not null && Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Must be positive.");
        }
    }
}
