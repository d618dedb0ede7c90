namespace OrleansSync.Client.Cli;

/// <summary>
/// A failure the client reports to its user: a stable <see cref="Code"/> (the JSON error code), a
/// friendly message and the process exit code. Commands throw it; <see cref="ClientApp"/> prints it.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string code, string message)
        : base(message)
    {
        ExitCode = exitCode;
        Code = code;
    }

    public CliException(int exitCode, string code, string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        Code = code;
    }

    public CliException()
        : this(ExitCodes.Failed, ErrorCodes.Failed, "The command failed.")
    {
    }

    public CliException(string message)
        : this(ExitCodes.Failed, ErrorCodes.Failed, message)
    {
    }

    public CliException(string message, Exception innerException)
        : this(ExitCodes.Failed, ErrorCodes.Failed, message, innerException)
    {
    }

    public int ExitCode { get; }

    public string Code { get; }
}
