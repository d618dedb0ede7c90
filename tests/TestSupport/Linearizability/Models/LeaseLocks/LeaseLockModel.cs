namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>
/// The lock table of one Raft group as a sequential specification: leases with TTLs renewed by
/// keep-alive, shared and exclusive locks with FIFO queues, wait timeouts, and fencing tokens
/// that strictly increase per lock. Time is what the table reports with each answer (leader
/// stamps, monotonic): the model requires it never to go back and applies each command at it,
/// expiring what is due first, exactly as docs/protocols/locks.md specifies. Each answer also
/// carries the command's log index, which must strictly increase along the linearization (a read
/// names the last index its state includes), so a history checks fast in one partition.
/// </summary>
/// <remarks>
/// A pending command changes nothing here: the simulator completes every unanswered command
/// that did apply with the answer the replicas computed, so what stays pending never took effect.
/// Deadlock aborts and the other bounds of the table (capacity, waiters per lock, reentrancy
/// limit, name and argument validation) are outside the model.
/// </remarks>
public sealed class LeaseLockModel : Model<LeaseLockState, LeaseLockInput, LeaseLockOutput>
{
    public static LeaseLockModel Instance { get; } = new();

    public override LeaseLockState Init() => LeaseLockState.Empty;

    public override (bool Ok, LeaseLockState Next) Step(LeaseLockState state, LeaseLockInput input, LeaseLockOutput output)
    {
        if (input.Kind == LeaseLockOperationKind.Read)
        {
            if (output.Index != state.LastIndex || output.TimeMs != state.TimeMs)
            {
                return (false, state);
            }

            var read = new LeaseLockMachine(state).Read(input.Lock, output.Lock);
            return read is null ? (false, state) : (true, read);
        }

        if (output.Index <= state.LastIndex || output.TimeMs < state.TimeMs)
        {
            return (false, state);
        }

        var machine = new LeaseLockMachine(state);
        machine.Begin(output.Index, output.TimeMs);
        return machine.Apply(input, output) ? (true, machine.Freeze()) : (false, state);
    }

    public override LeaseLockState StepPending(LeaseLockState state, LeaseLockInput input) => state;

    public override bool IsReadOnly(LeaseLockInput input) => input.Kind == LeaseLockOperationKind.Read;
}
