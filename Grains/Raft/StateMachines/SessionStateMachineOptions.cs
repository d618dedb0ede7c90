namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>Limits of a <see cref="SessionStateMachine"/>. Checked by <see cref="SessionStateMachineOptionsValidator"/>.</summary>
public sealed class SessionStateMachineOptions
{
    public const int DefaultMaxSessions = 10_000;
    public const long DefaultSessionTimeoutMs = 120_000;

    /// <summary>Most sessions open at once; a register beyond it is answered <see cref="SessionResultStatus.SessionTableFull"/>.</summary>
    public int MaxSessions { get; set; } = DefaultMaxSessions;

    /// <summary>
    /// A session with no command for this long, measured in committed command timestamps (never a
    /// local clock), expires. Clients must send a keep-alive more often than this when idle.
    /// </summary>
    public long SessionTimeoutMs { get; set; } = DefaultSessionTimeoutMs;
}
