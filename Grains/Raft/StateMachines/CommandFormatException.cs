namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>Bytes given to a state-machine codec (a command, a result, a query or a snapshot) are malformed.</summary>
public sealed class CommandFormatException : FormatException
{
    public CommandFormatException(string message)
        : base(message)
    {
    }

    public CommandFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommandFormatException()
    {
    }
}
