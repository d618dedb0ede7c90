namespace OrleansSync.TestSupport.Linearizability.Models;

/// <summary>
/// A shared/exclusive lock per name (the partition). Exclusive holders never overlap with any
/// other holder; shared holders overlap only with each other. Fencing tokens never go back: an
/// exclusive grant carries a token above every earlier grant's, a shared grant one at least as
/// high (shared holders may share a token). A holder that acquires again is refused (not reentrant).
/// A pending acquire that took effect holds the lock with a token nobody saw, so it does not
/// constrain later tokens.
/// </summary>
public sealed class LockModel : Model<LockState, LockInput, LockOutput>
{
    public static LockModel Instance { get; } = new();

    public override LockState Init() => LockState.Free;

    public override (bool Ok, LockState Next) Step(LockState state, LockInput input, LockOutput output)
    {
        if (input.Kind == LockOperationKind.Release)
        {
            return (output.Granted == state.IsHeldBy(input.Owner), StepPending(state, input));
        }

        var compatible = IsCompatible(state, input);
        if (!output.Granted)
        {
            return (!compatible, state);
        }

        var tokenOk = input.Kind == LockOperationKind.AcquireExclusive
            ? output.FencingToken > state.LastFencingToken
            : output.FencingToken >= state.LastFencingToken;
        if (!compatible || !tokenOk)
        {
            return (false, state);
        }

        return (true, Grant(state, input) with { LastFencingToken = output.FencingToken });
    }

    public override LockState StepPending(LockState state, LockInput input)
    {
        if (input.Kind == LockOperationKind.Release)
        {
            return state.ExclusiveOwner == input.Owner
                ? state with { ExclusiveOwner = null }
                : state with { SharedOwners = state.SharedOwners.Remove(input.Owner) };
        }

        return IsCompatible(state, input) ? Grant(state, input) : state;
    }

    public override string PartitionKey(LockInput input) => input.Lock;

    private static bool IsCompatible(LockState state, LockInput input) =>
        !state.IsHeldBy(input.Owner) && state.ExclusiveOwner is null
        && (input.Kind == LockOperationKind.AcquireShared || state.SharedOwners.IsEmpty);

    private static LockState Grant(LockState state, LockInput input) =>
        input.Kind == LockOperationKind.AcquireExclusive
            ? state with { ExclusiveOwner = input.Owner }
            : state with { SharedOwners = state.SharedOwners.Add(input.Owner) };
}
