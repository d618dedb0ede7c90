namespace OrleansSync.Grains.Locks.Detection;

/// <summary>How often the cluster looks for deadlocks across lock groups.</summary>
public sealed class DeadlockDetectionOptions
{
    public const int DefaultDetectionPeriodMs = 1_000;
    public const int DefaultReadTimeoutMs = 5_000;
    public const int DefaultStartIntervalMs = 5_000;

    /// <summary>Time between the end of one detection round and the start of the next; a cycle is broken within about one period.</summary>
    public int DetectionPeriodMs { get; set; } = DefaultDetectionPeriodMs;

    /// <summary>How long one group's read of its wait-for edges (or one abort) may take; a group that does not answer is left out of the round.</summary>
    public int ReadTimeoutMs { get; set; } = DefaultReadTimeoutMs;

    /// <summary>How often every silo makes sure the detector is active (so it comes back soon after its silo dies).</summary>
    public int StartIntervalMs { get; set; } = DefaultStartIntervalMs;
}
