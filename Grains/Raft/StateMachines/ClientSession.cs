namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>One open client session in a <see cref="SessionStateMachine"/>.</summary>
internal sealed class ClientSession
{
    public ClientSession(ulong id, long lastActivityMs)
    {
        Id = id;
        LastActivityMs = lastActivityMs;
    }

    public ulong Id { get; }

    /// <summary>Highest sequence number applied (0 before the first command).</summary>
    public ulong LastSequence { get; set; }

    /// <summary>The inner result of the command <see cref="LastSequence"/>, answered again on a retry.</summary>
    public byte[] LastResult { get; set; } = [];

    /// <summary>Committed time of the session's latest command; it expires a timeout after this.</summary>
    public long LastActivityMs { get; set; }
}
