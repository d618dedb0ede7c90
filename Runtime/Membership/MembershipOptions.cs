namespace OrleansSync.Runtime.Membership;

/// <summary>Settings of failure detection and membership (<see cref="MembershipAgent"/>).</summary>
public sealed class MembershipOptions
{
    public const int DefaultProbeIntervalMs = 1_000;
    public const int DefaultProbeTimeoutMs = 1_000;
    public const int DefaultIAmAliveIntervalMs = 5_000;
    public const int DefaultNumProbedSilos = 3;
    public const int DefaultNumVotesForDeathDeclaration = 2;
    public const int DefaultDeathVoteExpirationMs = 60_000;
    public const double DefaultPhiThreshold = 8.0;
    public const int DefaultPhiMaxSampleSize = 100;
    public const int DefaultPhiMinStdDeviationMs = 500;
    public const int DefaultPhiAcceptableHeartbeatPauseMs = 2_000;
    public const int DefaultMaxConditionalWriteAttempts = 10;
    public const int DefaultDeadRowRetentionMs = 3_600_000;

    /// <summary>Time between two rounds (read the table, probe, vote), in milliseconds.</summary>
    public int ProbeIntervalMs { get; set; } = DefaultProbeIntervalMs;

    /// <summary>A probe not answered within this time counts as missed, in milliseconds.</summary>
    public int ProbeTimeoutMs { get; set; } = DefaultProbeTimeoutMs;

    /// <summary>Time between two I-am-alive heartbeats written to the table, in milliseconds.</summary>
    public int IAmAliveIntervalMs { get; set; } = DefaultIAmAliveIntervalMs;

    /// <summary>How many silos each silo probes: its successors on a ring of the active silos ordered by address.</summary>
    public int NumProbedSilos { get; set; } = DefaultNumProbedSilos;

    /// <summary>
    /// Votes needed to declare a silo dead; when fewer silos are active, a majority of the active
    /// silos suffices: min(NumVotesForDeathDeclaration, ceil(active / 2)).
    /// </summary>
    public int NumVotesForDeathDeclaration { get; set; } = DefaultNumVotesForDeathDeclaration;

    /// <summary>A vote older than this no longer counts, in milliseconds.</summary>
    public int DeathVoteExpirationMs { get; set; } = DefaultDeathVoteExpirationMs;

    /// <summary>Phi above which a probed silo is suspected (and voted against).</summary>
    public double PhiThreshold { get; set; } = DefaultPhiThreshold;

    /// <summary>Inter-arrival samples the phi detector keeps per probed silo.</summary>
    public int PhiMaxSampleSize { get; set; } = DefaultPhiMaxSampleSize;

    /// <summary>Floor of the detector's standard deviation, in milliseconds.</summary>
    public int PhiMinStdDeviationMs { get; set; } = DefaultPhiMinStdDeviationMs;

    /// <summary>Silence tolerated on top of the mean probe interval before phi rises, in milliseconds.</summary>
    public int PhiAcceptableHeartbeatPauseMs { get; set; } = DefaultPhiAcceptableHeartbeatPauseMs;

    /// <summary>Attempts of one conditional table write (join, vote, leave) before giving up until the next round.</summary>
    public int MaxConditionalWriteAttempts { get; set; } = DefaultMaxConditionalWriteAttempts;

    /// <summary>Dead rows whose last heartbeat is older than this are deleted, in milliseconds.</summary>
    public int DeadRowRetentionMs { get; set; } = DefaultDeadRowRetentionMs;
}
