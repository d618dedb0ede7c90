using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// A client's line to one Raft group (named for locks, its first user; queue and cache clients
/// use the <see cref="ServiceKind"/> overloads): client sessions (exactly-once commands), one command in
/// flight per session (a session keeps only its last result), at most
/// <see cref="DistributedLockClientOptions.SessionsPerGroup"/> sessions opened as concurrent
/// callers need them, and a guess of the leader that follows the peers' hints. A command whose outcome is unknown (leader change,
/// timeout) is retried with the same sequence number, so it is applied once. The group's replica
/// ids change when a lost replica is replaced (ADR 0008): the channel rotates over the voters the
/// last answering peer reported, starting from the first R ids.
/// </summary>
internal sealed class RaftGroupChannel(IRaftPeerResolver peers, int group, DistributedLockClientOptions options, TimeProvider time) : IDisposable
{
    private readonly Session[] _sessions = [.. Enumerable.Range(0, options.SessionsPerGroup).Select(_ => new Session())];
    private int _nextSession;
    private int _leaderGuess;
    private int[] _replicas = [.. Enumerable.Range(0, options.ReplicaCount)];

    /// <summary>
    /// Replicas that let an attempt time out, each with the timestamp (of the injected <see cref="TimeProvider"/>)
    /// until which calls of this channel skip it and ignore hints naming it. Bounded: entries past
    /// their time are dropped whenever one is added.
    /// </summary>
    private readonly Dictionary<int, long> _avoidedUntil = [];
    private readonly Lock _avoidedGate = new();

    public int Group => group;

    public async Task<LockResult> ProposeAsync(LockCommand command, CancellationToken cancellationToken) =>
        LockWireCodec.DecodeResult((await ProposeAsync(ServiceKind.Locks, LockCommandCodec.Encode(command), cancellationToken)).Span);

    /// <summary>
    /// Proposes <paramref name="command"/> to the primitive <paramref name="service"/> of this group,
    /// exactly once through one of this channel's sessions, and answers with that primitive's encoded result.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> ProposeAsync(ServiceKind service, byte[] command, CancellationToken cancellationToken)
    {
        var payload = ServiceEnvelope.Wrap(service, command);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.RequestTimeoutMs);
        Session session;
        try
        {
            session = await TakeSessionAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The commands ahead of this one (say, keep-alives retrying through a failover) kept
            // every session busy past this command's deadline: that is the group not answering in time.
            throw new TimeoutException($"Raft group {group} did not answer within {options.RequestTimeoutMs} ms (earlier commands of this client were still waiting for it).");
        }

        try
        {
            while (true)
            {
                if (session.Id == 0)
                {
                    session.Id = await RegisterAsync(deadline.Token, cancellationToken);
                    session.Sequence = 0;
                }

                var request = SessionCommandCodec.Encode(SessionCommand.Command(session.Id, ++session.Sequence, 0, payload));
                var outcome = await CallAsync(peer => peer.Propose(request), deadline.Token, cancellationToken);
                var result = SessionResultCodec.Decode(outcome.Result);
                if (result.Status == SessionResultStatus.SessionNotFound)
                {
                    // The session expired before this command reached it, so the command was not applied: start over.
                    session.Id = 0;
                    continue;
                }

                return result.Status == SessionResultStatus.Ok
                    ? result.Payload
                    : throw new LockException(LockErrorCode.InvalidArgument, $"Group {group} refused the command: {result.Status}.");
            }
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>
    /// A free session, preferring those opened already (the first ones): a new session costs a
    /// command of its own, so one opens only when all before it are busy. With every session busy,
    /// the caller queues on one of them in turn.
    /// </summary>
    private async Task<Session> TakeSessionAsync(CancellationToken cancellationToken)
    {
        foreach (var free in _sessions)
        {
            if (free.Gate.Wait(0, CancellationToken.None))
            {
                return free;
            }
        }

        var session = _sessions[(int)((uint)Interlocked.Increment(ref _nextSession) % (uint)_sessions.Length)];
        await session.Gate.WaitAsync(cancellationToken);
        return session;
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
                // Bounded like any attempt (see CallAsync): a leader that died mid-wait never answers.
                outcome = await peers.Peer(group, replica).WaitForOutcome(waitId, timeoutMs, cancellationToken)
                    .WaitAsync(TimeSpan.FromMilliseconds((long)timeoutMs + options.AttemptTimeoutMs), time, cancellationToken);
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

    public void Dispose()
    {
        foreach (var session in _sessions)
        {
            session.Gate.Dispose();
        }
    }

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

        // Timeouts of this call per replica: a replica's bound doubles with its own timeouts only,
        // so the survivors of a dead leader are asked with the first bound.
        Dictionary<int, int>? timeouts = null;
        var fruitless = 0;
        var discovered = false;
        while (!deadline.IsCancellationRequested)
        {
            if (!discovered && fruitless >= _replicas.Length)
            {
                // Every id known here failed to lead us anywhere: ask the cluster for the current ones, once per call.
                discovered = true;
                await DiscoverMembersAsync(deadline);
            }

            var replica = SkippingAvoided(_leaderGuess);
            var attemptTimeoutMs = AttemptTimeoutMs(timeouts, replica);
            try
            {
                // A grain call cannot be cancelled, only abandoned: stop waiting at the deadline
                // (the runtime's call timeout may be longer), and let a late answer go unread.
                // A call to a replica whose silo just died is never answered (until Orleans declares
                // the silo dead, seconds later), so one attempt waits only so long, then the next
                // replica is asked; a retry is safe (same session and sequence: applied once), and
                // the bound doubles so that a merely slow leader is not flooded.
                var outcome = await call(peers.Peer(group, replica)).WaitAsync(TimeSpan.FromMilliseconds(attemptTimeoutMs), time, deadline);
                StopAvoiding(replica);
                if (outcome.Replicas is { Length: > 0 } replicas)
                {
                    _replicas = replicas;
                }

                switch (outcome.Status)
                {
                    case RaftCallStatus.Ok:
                        return outcome;
                    case RaftCallStatus.NotLeader when outcome.LeaderReplica >= 0 && outcome.LeaderReplica != replica && outcome.LeaderReplica != unreachable
                        && !IsAvoided(outcome.LeaderReplica):
                        // Follow the hint, unless it names a replica that just failed us: the peer
                        // has not noticed the leader is gone yet (it will within an election
                        // timeout, which the avoidance lasts), so try the others meanwhile.
                        _leaderGuess = outcome.LeaderReplica;
                        continue;
                    case RaftCallStatus.Rejected:
                        throw new LockException(LockErrorCode.InvalidArgument, $"Group {group} rejected the request: {outcome.Detail}");
                    default:
                        lastProblem = $"replica {replica}: {outcome.Status}: {outcome.Detail}";
                        fruitless++;
                        break;
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !caller.IsCancellationRequested)
            {
                lastProblem = $"replica {replica}: no answer before the deadline";
                break;
            }
            catch (TimeoutException)
            {
                lastProblem = $"replica {replica}: no answer within {attemptTimeoutMs} ms";
                unreachable = replica;
                fruitless++;
                timeouts ??= [];
                timeouts[replica] = timeouts.GetValueOrDefault(replica) + 1;
                Avoid(replica);
            }
            catch (Exception exception) when (exception is not (LockException or OperationCanceledException))
            {
                lastProblem = $"replica {replica}: {exception.GetType().Name}: {exception.Message}";
                unreachable = replica;
                fruitless++;
            }

            _leaderGuess = _replicas[(Array.IndexOf(_replicas, replica) + 1) % _replicas.Length];
            await DelayAsync(deadline);
        }

        caller.ThrowIfCancellationRequested();
        throw new TimeoutException($"Raft group {group} did not answer within {options.RequestTimeoutMs} ms (last: {lastProblem}).");
    }

    /// <summary>
    /// The bound of one attempt to <paramref name="replica"/>: the configured one, doubled for each
    /// of this call's attempts to it that timed out, up to the request's deadline.
    /// </summary>
    private int AttemptTimeoutMs(Dictionary<int, int>? timeouts, int replica)
    {
        var doublings = Math.Min(timeouts?.GetValueOrDefault(replica) ?? 0, 16);
        return (int)Math.Min((long)options.AttemptTimeoutMs << doublings, options.RequestTimeoutMs);
    }

    /// <summary>
    /// <paramref name="guess"/>, unless it is avoided: then the next replica in rotation that is
    /// not, or <paramref name="guess"/> itself when every replica is.
    /// </summary>
    private int SkippingAvoided(int guess)
    {
        if (!IsAvoided(guess))
        {
            return guess;
        }

        var replicas = _replicas;
        var start = Array.IndexOf(replicas, guess);
        for (var step = 1; step <= replicas.Length; step++)
        {
            var candidate = replicas[(int)((uint)(start + step) % (uint)replicas.Length)];
            if (!IsAvoided(candidate))
            {
                return candidate;
            }
        }

        return guess;
    }

    /// <summary>Skips <paramref name="replica"/>, and hints naming it, for <see cref="DistributedLockClientOptions.TimedOutReplicaAvoidanceMs"/>.</summary>
    private void Avoid(int replica)
    {
        if (options.TimedOutReplicaAvoidanceMs == 0)
        {
            return;
        }

        var now = time.GetTimestamp();
        var until = now + (options.TimedOutReplicaAvoidanceMs * time.TimestampFrequency / 1_000);
        lock (_avoidedGate)
        {
            foreach (var (expired, _) in _avoidedUntil.Where(entry => entry.Value <= now).ToList())
            {
                _avoidedUntil.Remove(expired);
            }

            _avoidedUntil[replica] = until;
        }
    }

    /// <summary>A replica that answered is alive: it is not avoided any more.</summary>
    private void StopAvoiding(int replica)
    {
        lock (_avoidedGate)
        {
            _avoidedUntil.Remove(replica);
        }
    }

    private bool IsAvoided(int replica)
    {
        lock (_avoidedGate)
        {
            return _avoidedUntil.TryGetValue(replica, out var until) && time.GetTimestamp() < until;
        }
    }

    /// <summary>Adopts the members the cluster names for this group, if it names any; failures leave the known ids as they are.</summary>
    private async Task DiscoverMembersAsync(CancellationToken deadline)
    {
        try
        {
            if (await peers.FindMembersAsync(group, deadline) is { Length: > 0 } members && !members.SequenceEqual(_replicas))
            {
                _replicas = members;
                _leaderGuess = members[0];
            }
        }
        catch (Exception)
        {
            // No silo could tell in time (it is failing over too), or the deadline passed: the loop
            // goes on rotating over the ids known here, or reports the deadline (or the caller's cancellation).
        }
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

    /// <summary>One client session: its id (0 until registered) and last sequence number, used by one command at a time.</summary>
    private sealed class Session
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public ulong Id { get; set; }

        public ulong Sequence { get; set; }
    }
}
