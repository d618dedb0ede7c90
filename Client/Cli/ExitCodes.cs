namespace OrleansSync.Client.Cli;

/// <summary>The client's exit codes (documented in Client/README.md; scripts depend on them: never renumber).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The cluster refused or failed the operation (wrong lease, lease expired, deadlock, ...).</summary>
    public const int Failed = 1;

    /// <summary>Bad command line or configuration: unknown option, bad duration, empty name, unknown mode.</summary>
    public const int BadInput = 2;

    /// <summary>The lock was not granted: busy (<c>lock try</c>) or not within <c>--wait</c> (<c>lock acquire</c>, <c>lock run</c>).</summary>
    public const int NotGranted = 3;

    /// <summary>No silo answered (connect timeout), or the lock group did not answer in time.</summary>
    public const int ClusterUnavailable = 4;

    /// <summary><c>lock run</c>: the lease behind the lock was lost while the command ran; the command was killed.</summary>
    public const int LockLost = 5;

    /// <summary><c>cache get</c>: the key has no value (never written, deleted or expired).</summary>
    public const int NotFound = 6;

    /// <summary><c>lock run</c>: the command could not be started (not found, not executable).</summary>
    public const int CommandNotStarted = 127;

    /// <summary>Interrupted (Ctrl+C), as a shell reports SIGINT.</summary>
    public const int Cancelled = 130;
}
