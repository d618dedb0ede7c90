using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// A client's line to one Raft group (named for locks, its first user; queue and cache clients
/// use the <see cref="ServiceKind"/> overloads): its own client session (exactly-once commands), one
/// command in flight at a time (the session keeps only the last result), and a guess of the
/// leader that follows the peers' hints. A command whose outcome is unknown (leader change,
/// timeout) is retried with the same sequence number, so it is applied once. The group's replica
/// ids change when a lost replica is replaced (ADR 0008): the channel rotates over the voters the
/// last answering peer reported, starting from the first R ids.
/// </summary>
internal sealed class RaftGroupChannel(IRaftPeerResolver peers, int group, DistributedLockClientOptions options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _leaderGuess;
    private int[] _replicas = [.. Enumerable.Range(0, options.ReplicaCount)];
    private ulong _sessionId;
    private ulong _sequence;

    public int Group => group;

    public async Task<LockResult> ProposeAsync(LockCommand command, CancellationToken cancellationToken) =>
        LockWireCodec.DecodeResult((await ProposeAsync(ServiceKind.Locks, LockCommandCodec.Encode(command), cancellationToken)).Span);

    /// <summary>
    /// Proposes <paramref name="command"/> to the primitive <paramref name="service"/> of this group,
    /// exactly once through this channel's session, and answers with that primitive's encoded result.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> ProposeAsync(ServiceKind service, byte[] command, CancellationToken cancellationToken)
    {
        var payload = ServiceEnvelope.Wrap(service, command);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.RequestTimeoutMs);
        try
        {
            await _gate.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The command ahead of this one (say, a keep-alive retrying through a failover) kept
            // the line busy past this command's deadline: that is the group not answering in time.
            throw new TimeoutException($"Lock group {group} did not answer within {options.RequestTimeoutMs} ms (an earlier command of this client was still waiting for it).");
        }

        try
        {
            while (true)
            {
                if (_sessionId == 0)
                {
                    _sessionId = await RegisterAsync(deadline.Token, cancellationToken);
                    _sequence = 0;
                }

                var request = SessionCommandCodec.Encode(SessionCommand.Command(_sessionId, ++_sequence, 0, payload));
                var outcome = await CallAsync(peer => peer.Propose(request), deadline.Token, cancellationToken);
                var session = SessionResultCodec.Decode(outcome.Result);
                if (session.Status == SessionResultStatus.SessionNotFound)
                {
                    // The session expired before this command reached it, so the command was not applied: start over.
                    _sessionId = 0;
                    continue;
                }

                return session.Status == SessionResultStatus.Ok
                    ? session.Payload
                    : throw new LockException(LockErrorCode.InvalidArgument, $"Group {group} refused the command: {session.Status}.");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<byte[]> ReadAsync(byte[] lockQuery, CancellationToken cancellationToken) => ReadAsync(ServiceKind.Locks, lockQuery, cancellationToken);

    /// <summary>Answers <paramref name="serviceQuery"/> of the primitive <paramref name="service"/> linearizably, through the leader.</summary>
    public async Task<byte[]> ReadAsync(ServiceKind service, byte[] serviceQuery, CancellationToken cancellationToken)
    {
        var query = ServiceEnvelope.Wrap(service, serviceQuery);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.RequestTimeoutMs);
        return (await CallAsync(peer => peer.Read(query), deadline.Token, cancellationToken)).Result!;
    }

    /// <summary>
    /// Long-polls the leader (as best known, following one hint) for the outcome of the queued
    /// request <paramref name="waitId"/>. Null when none came: still pending after
    /// <paramref name="timeoutMs"/>, leadership moved, the peer is unreachable or overloaded; the
    /// caller then reads the lock instead. Reachable is false when the call failed outright.
    /// </summary>
    public async Task<(LockEvent? Event, bool Reachable)> WaitForOutcomeAsync(ulong waitId, int timeoutMs, CancellationToken cancellationToken)
    {
        var (payload, reachable) = await WaitForEncodedOutcomeAsync(waitId, timeoutMs, cancellationToken);
        return (payload is null ? null : LockWireCodec.DecodeEvent(payload), reachable);
    }

    /// <summary>
    /// <see cref="WaitForOutcomeAsync"/> for any primitive: the encoded outcome of the wait keyed
    /// <paramref name="waitId"/> (the log index of the command that started it), or null.
    /// </summary>
    public async Task<(byte[]? Payload, bool Reachable)> WaitForEncodedOutcomeAsync(ulong waitId, int timeoutMs, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var replica = _leaderGuess;
            RaftCallOutcome outcome;
            try
            {
                outcome = await peers.Peer(group, replica).WaitForOutcome(waitId, timeoutMs, cancellationToken).WaitAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _leaderGuess = _replicas[(Array.IndexOf(_replicas, replica) + 1) % _replicas.Length];
                return (null, false);
            }

            switch (outcome.Status)
            {
                case RaftCallStatus.Ok when outcome.Result is { } payload:
                    return (payload, true);
                case RaftCallStatus.NotLeader when outcome.LeaderReplica >= 0 && outcome.LeaderReplica != replica:
                    _leaderGuess = outcome.LeaderReplica;
                    continue;
                case RaftCallStatus.Unknown:
                    return (null, true);
                default:
                    return (null, false);
            }
        }

        return (null, false);
    }

    public void Dispose() => _gate.Dispose();

    private async Task<ulong> RegisterAsync(CancellationToken deadline, CancellationToken caller)
    {
        var request = SessionCommandCodec.Encode(SessionCommand.Register(0));
        // The caller's own token tells a deadline (TimeoutException) from a cancellation by the caller.
        var outcome = await CallAsync(peer => peer.Propose(request), deadline, caller);
        var session = SessionResultCodec.Decode(outcome.Result);
        return session.Status == SessionResultStatus.Ok
            ? session.SessionId
            : throw new LockException(LockErrorCode.CapacityExceeded, $"Group {group} could not open a client session: {session.Status}.");
    }

    /// <summary>Calls the leader as best known until a call succeeds, following hints and retrying past failures.</summary>
    private async Task<RaftCallOutcome> CallAsync(
        Func<IRaftPeerGrain, Task<RaftCallOutcome>> call, CancellationToken deadline, CancellationToken caller)
    {
        string lastProblem = "no attempt";
        var unreachable = -1;
        while (!deadline.IsCancellationRequested)
        {
            var replica = _leaderGuess;
            try
            {
                // A grain call cannot be cancelled, only abandoned: stop waiting at the deadline
                // (the runtime's call timeout may be longer), and let a late answer go unread.
                var outcome = await call(peers.Peer(group, replica)).WaitAsync(deadline);
                if (outcome.Replicas is { Length: > 0 } replicas)
                {
                    _replicas = replicas;
                }

                switch (outcome.Status)
                {
                    case RaftCallStatus.Ok:
                        return outcome;
                    case RaftCallStatus.NotLeader when outcome.LeaderReplica >= 0 && outcome.LeaderReplica != replica && outcome.LeaderReplica != unreachable:
                        // Follow the hint, unless it names the replica that just failed us: the
                        // peer has not noticed the leader is gone yet, so try the others meanwhile.
                        _leaderGuess = outcome.LeaderReplica;
                        continue;
                    case RaftCallStatus.Rejected:
                        throw new LockException(LockErrorCode.InvalidArgument, $"Group {group} rejected the request: {outcome.Detail}");
                    default:
                        lastProblem = $"replica {replica}: {outcome.Status}: {outcome.Detail}";
                        break;
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !caller.IsCancellationRequested)
            {
                lastProblem = $"replica {replica}: no answer before the deadline";
                break;
            }
            catch (Exception exception) when (exception is not (LockException or OperationCanceledException))
            {
                lastProblem = $"replica {replica}: {exception.GetType().Name}: {exception.Message}";
                unreachable = replica;
            }

            _leaderGuess = _replicas[(Array.IndexOf(_replicas, replica) + 1) % _replicas.Length];
            await DelayAsync(deadline);
        }

        caller.ThrowIfCancellationRequested();
        throw new TimeoutException($"Lock group {group} did not answer within {options.RequestTimeoutMs} ms (last: {lastProblem}).");
    }

    private async Task DelayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.PollIntervalMs), time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The loop condition reports the deadline; the caller's own cancellation is rethrown there.
        }
    }
}
