namespace OrleansSync.Simulation.Network;

/// <summary>How badly the simulated network behaves. Probabilities are per message.</summary>
internal sealed record NetworkFaultOptions
{
    /// <summary>Upper bound on messages in flight; beyond it new messages are dropped, as a full buffer would.</summary>
    public const int DefaultMaxInFlightMessages = 20_000;

    /// <summary>Probability that a message is lost.</summary>
    public double DropProbability { get; init; }

    /// <summary>Probability that a message is delivered twice.</summary>
    public double DuplicateProbability { get; init; }

    /// <summary>Smallest delivery delay; a message sent at tick t arrives at t + delay at the earliest.</summary>
    public int MinDelayTicks { get; init; } = 1;

    /// <summary>Largest delivery delay; different delays reorder messages.</summary>
    public int MaxDelayTicks { get; init; } = 1;

    /// <summary>Messages in flight at most.</summary>
    public int MaxInFlightMessages { get; init; } = DefaultMaxInFlightMessages;

    /// <summary>A network that loses, duplicates and reorders nothing.</summary>
    public static NetworkFaultOptions Perfect { get; } = new();

    public void Validate()
    {
        if (DropProbability is < 0 or > 1 || DuplicateProbability is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DropProbability), "Probabilities are within [0, 1].");
        }

        if (MinDelayTicks < 1 || MaxDelayTicks < MinDelayTicks)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelayTicks), "Need 1 <= MinDelayTicks <= MaxDelayTicks.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlightMessages, 1);
    }
}
