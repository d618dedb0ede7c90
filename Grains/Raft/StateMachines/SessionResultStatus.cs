namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>Outcome of a session command, as seen by the client.</summary>
public enum SessionResultStatus : byte
{
    /// <summary>Applied (or answered from the stored result of an earlier identical request).</summary>
    Ok = 1,

    /// <summary>The sequence number is below the session's last answered one: that result is gone; nothing was applied.</summary>
    StaleSequence = 2,

    /// <summary>The session does not exist (never registered, closed, or expired): register again; nothing was applied.</summary>
    SessionNotFound = 3,

    /// <summary>Registration refused: the session table is at its limit.</summary>
    SessionTableFull = 4,

    /// <summary>The committed bytes are not a valid session command; nothing was applied.</summary>
    MalformedCommand = 5,
}
