namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>What a <see cref="SessionCommand"/> asks of the <see cref="SessionStateMachine"/>.</summary>
public enum SessionCommandKind : byte
{
    /// <summary>Open a session; its id is the log index of this command.</summary>
    Register = 1,

    /// <summary>Apply a payload to the inner state machine exactly once per (session, sequence).</summary>
    Command = 2,

    /// <summary>Keep an idle session from expiring.</summary>
    KeepAlive = 3,

    /// <summary>Close a session and forget its stored result.</summary>
    Unregister = 4,

    /// <summary>
    /// Bring the proposing leader's time into the state without any session: sessions, and an
    /// <see cref="IExpiringStateMachine"/>'s leases and timeouts, that are due expire. Proposed by
    /// the leader when a deadline has passed and no other command would carry the time.
    /// </summary>
    Expire = 5,
}
