namespace OrleansSync.Runtime;

/// <summary>Options for <see cref="Grain.RegisterGrainTimer{TState}"/>.</summary>
public sealed class GrainTimerCreationOptions
{
    /// <summary>Delay before the first tick.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Delay between the end of one tick and the start of the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</summary>
    public TimeSpan Period { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Whether ticks interleave with requests (default: a tick is a turn like any request).</summary>
    public bool Interleave { get; init; }
}
