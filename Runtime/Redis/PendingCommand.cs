namespace OrleansSync.Runtime.Redis;

/// <summary>
/// A command on its way through a connection: queued for the writer, then (if it expects a reply)
/// waiting in the connection's FIFO of outstanding replies. The caller awaits <c>Task</c>; a caller
/// that gives up (timeout, cancellation) cancels it, so the writer skips it if not yet sent and the
/// reader discards its reply if it was.
/// </summary>
internal sealed class PendingCommand : TaskCompletionSource<RedisReply>
{
    public PendingCommand(IReadOnlyList<RedisValue> arguments, bool expectsReply)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Arguments = arguments;
        ExpectsReply = expectsReply;
    }

    /// <summary>Command name and arguments.</summary>
    public IReadOnlyList<RedisValue> Arguments { get; }

    /// <summary>False for commands sent on a connection in push mode (pub/sub), whose answers arrive as push messages; they complete once written.</summary>
    public bool ExpectsReply { get; }

    /// <summary>When the command times out, in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long DeadlineTimestamp { get; init; }

    /// <summary>The command name, for error messages (arguments may hold secrets and are never included).</summary>
    public string Name => Arguments.Count > 0 ? Arguments[0].ToString().ToUpperInvariant() : "(empty)";
}
