namespace OrleansSync.Grains.Raft;

/// <summary>What a <see cref="LogEntry"/> carries.</summary>
public enum LogEntryKind : byte
{
    /// <summary>A command for the replicated state machine.</summary>
    Command = 1,

    /// <summary>The empty entry a new leader appends so that it can commit entries of earlier terms.</summary>
    NoOp = 2,

    /// <summary>A new <see cref="ClusterConfiguration"/>; it takes effect as soon as it is appended.</summary>
    Configuration = 3,
}
