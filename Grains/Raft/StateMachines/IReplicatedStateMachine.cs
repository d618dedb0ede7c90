namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// A deterministic state machine replicated by Raft: every replica applies the same committed
/// commands in the same order and must reach the same state and results.
/// </summary>
/// <remarks>
/// Implementations must not read clocks, randomness or anything outside the commands: time enters
/// only through timestamps carried in committed commands. <see cref="Apply"/> must not throw for
/// any command bytes: a malformed command yields an error result, identical on every replica.
/// Not thread-safe: the host applies, queries and snapshots from one thread.
/// </remarks>
public interface IReplicatedStateMachine
{
    /// <summary>Applies the committed command at log <paramref name="index"/> and returns its result.</summary>
    ReadOnlyMemory<byte> Apply(ulong index, ReadOnlyMemory<byte> command);

    /// <summary>
    /// Answers a read-only query against the current state without changing it (served after a
    /// ReadIndex round confirms the state is current). Throws <see cref="CommandFormatException"/>
    /// for a malformed or non-read-only query.
    /// </summary>
    ReadOnlyMemory<byte> Query(ReadOnlyMemory<byte> query);

    /// <summary>Serializes the whole state; equal states give equal bytes.</summary>
    byte[] Snapshot();

    /// <summary>Replaces the whole state with a <see cref="Snapshot"/>; throws <see cref="CommandFormatException"/> if it is malformed.</summary>
    void Restore(ReadOnlyMemory<byte> snapshot);
}
