namespace OrleansSync.Client.Cli;

/// <summary>
/// The <c>error.code</c> values of JSON output that are not a lock error (lock errors use the
/// snake_case name of <c>LockErrorCode</c>, e.g. <c>not_holder</c>). Stable: scripts match on them.
/// </summary>
internal static class ErrorCodes
{
    public const string BadInput = "bad_input";
    public const string NotGranted = "not_granted";
    public const string NotFound = "not_found";
    public const string ClusterUnavailable = "cluster_unavailable";
    public const string LockLost = "lock_lost";
    public const string CommandNotStarted = "command_not_started";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
}
