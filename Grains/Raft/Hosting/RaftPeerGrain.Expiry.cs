using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// Expiry as a committed command: when the state machine has a deadline (a lease, a wait
/// timeout) that the leader's clock has passed, the leader proposes a sessionless
/// <see cref="SessionCommandKind.Expire"/> stamped with its clock. Every replica expires the same
/// things at the same log index, and nothing waits for a client command to carry the time.
/// </summary>
public sealed partial class RaftPeerGrain
{
    /// <summary>Least time between two expiry proposals, so a stuck deadline cannot flood the log.</summary>
    internal const int MinExpirySpacingMs = 100;

    /// <summary>Index and term of the expiry proposal in flight (index 0: none).</summary>
    private (ulong Index, ulong Term) _expiryInFlight;

    private long _lastExpiryProposalMs = long.MinValue / 2;

    /// <summary>Called on every tick: proposes one expiry if this peer leads and a deadline is due.</summary>
    private void ProposeExpiryIfDue()
    {
        if (Node.Role != RaftRole.Leader || _stateMachine?.NextDeadlineMs is not { } dueMs)
        {
            return;
        }

        var nowMs = Math.Max(0, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var inFlight = _expiryInFlight.Index > Node.AppliedIndex && _expiryInFlight.Term == Node.Term;
        if (nowMs < dueMs || inFlight || nowMs - _lastExpiryProposalMs < MinExpirySpacingMs)
        {
            return;
        }

        _lastExpiryProposalMs = nowMs;
        var accepted = Node.Propose(SessionCommandCodec.Encode(SessionCommand.Expire(nowMs)));
        if (accepted.IsAccepted)
        {
            // Refusals (leader not ready, log full) are retried on a later tick.
            _expiryInFlight = (accepted.Index, accepted.Term);
            ProcessReady();
        }
    }
}
