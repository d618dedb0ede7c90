namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// Exactly-once client sessions (Raft thesis §6.3) around an inner state machine. Each command
/// carries (session, sequence): a new sequence is applied once and its result stored; a retry of
/// the last sequence is answered from the stored result without applying again; an older sequence
/// is refused. Sessions expire after <see cref="SessionStateMachineOptions.SessionTimeoutMs"/> of
/// committed time (the leader timestamps carried in commands), so every replica expires the same
/// sessions at the same log index. The session table is part of the snapshot.
/// </summary>
/// <remarks>
/// Only the last result per session is kept, so a client has one command outstanding per session
/// (or accepts <see cref="SessionResultStatus.StaleSequence"/> for an older retry).
/// Committed time is the maximum timestamp seen, so a new leader whose clock lags does not move it back.
/// </remarks>
public sealed partial class SessionStateMachine : IReplicatedStateMachine
{
    private const uint SnapshotMagic = 0x4D53534F; // "OSSM"
    private const ushort SnapshotVersion = 1;

    private readonly IReplicatedStateMachine _inner;
    private readonly SessionStateMachineOptions _options;
    private readonly Dictionary<ulong, ClientSession> _sessions = [];

    /// <summary>Sessions ordered by (last activity, id): the front is the next to expire.</summary>
    private readonly SortedSet<(long LastActivityMs, ulong Id)> _expiryOrder = [];

    public SessionStateMachine(IReplicatedStateMachine inner, SessionStateMachineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _options = options ?? new SessionStateMachineOptions();
        SessionStateMachineOptionsValidator.ThrowIfInvalid(_options);
    }

    /// <summary>Committed time: the highest command timestamp applied so far (Unix ms).</summary>
    public long CommittedTimeMs { get; private set; }

    public int SessionCount => _sessions.Count;

    public bool HasSession(ulong sessionId) => _sessions.ContainsKey(sessionId);

    /// <summary>
    /// The inner state machine's earliest pending deadline in committed time, or null when it has
    /// none (or keeps no deadlines). Once the leader's clock passes it, the leader proposes
    /// <see cref="SessionCommandKind.Expire"/>. Idle sessions are not counted: they expire lazily,
    /// nobody waits on them.
    /// </summary>
    public long? NextDeadlineMs => _inner is IExpiringStateMachine expiring ? expiring.NextDeadlineMs : null;

    public ReadOnlyMemory<byte> Apply(ulong index, ReadOnlyMemory<byte> command)
    {
        SessionCommand decoded;
        try
        {
            decoded = SessionCommandCodec.Decode(command.Span);
        }
        catch (CommandFormatException)
        {
            // Deterministic on every replica: the same bytes fail the same way. Nothing changes.
            return SessionResultCodec.Encode(new SessionResult(SessionResultStatus.MalformedCommand, 0, 0, ReadOnlyMemory<byte>.Empty));
        }

        CommittedTimeMs = Math.Max(CommittedTimeMs, decoded.TimestampMs);
        ExpireSessions();
        var result = decoded.Kind switch
        {
            SessionCommandKind.Register => Register(index),
            SessionCommandKind.Command => ApplyCommand(index, decoded),
            SessionCommandKind.KeepAlive => KeepAlive(decoded.SessionId),
            SessionCommandKind.Expire => Expire(index),
            _ => Unregister(decoded.SessionId),
        };
        return SessionResultCodec.Encode(result);
    }

    /// <summary>Reads go straight to the inner state machine: they need no session (they change nothing).</summary>
    public ReadOnlyMemory<byte> Query(ReadOnlyMemory<byte> query) => _inner.Query(query);

    private SessionResult Register(ulong index)
    {
        if (_sessions.ContainsKey(index))
        {
            // Ids are log indexes, so only a re-application of the same entry gets here: same answer.
            return new SessionResult(SessionResultStatus.Ok, index, 0, ReadOnlyMemory<byte>.Empty);
        }

        if (_sessions.Count >= _options.MaxSessions)
        {
            return new SessionResult(SessionResultStatus.SessionTableFull, 0, 0, ReadOnlyMemory<byte>.Empty);
        }

        var session = new ClientSession(index, CommittedTimeMs);
        _sessions.Add(index, session);
        _expiryOrder.Add((session.LastActivityMs, session.Id));
        return new SessionResult(SessionResultStatus.Ok, index, 0, ReadOnlyMemory<byte>.Empty);
    }

    private SessionResult ApplyCommand(ulong index, SessionCommand command)
    {
        if (!_sessions.TryGetValue(command.SessionId, out var session))
        {
            return new SessionResult(SessionResultStatus.SessionNotFound, command.SessionId, command.Sequence, ReadOnlyMemory<byte>.Empty);
        }

        if (command.Sequence < session.LastSequence)
        {
            return new SessionResult(SessionResultStatus.StaleSequence, session.Id, session.LastSequence, ReadOnlyMemory<byte>.Empty);
        }

        if (command.Sequence > session.LastSequence)
        {
            session.LastResult = (_inner is ITimedStateMachine timed
                ? timed.Apply(index, CommittedTimeMs, command.Payload)
                : _inner.Apply(index, command.Payload)).ToArray();
            session.LastSequence = command.Sequence;
        }

        Touch(session);
        return new SessionResult(SessionResultStatus.Ok, session.Id, session.LastSequence, session.LastResult);
    }

    /// <summary>Committed time has already moved and sessions expired; the inner machine expires what is due.</summary>
    private SessionResult Expire(ulong index)
    {
        if (_inner is IExpiringStateMachine expiring)
        {
            expiring.Expire(index, CommittedTimeMs);
        }

        return new SessionResult(SessionResultStatus.Ok, 0, 0, ReadOnlyMemory<byte>.Empty);
    }

    private SessionResult KeepAlive(ulong sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return new SessionResult(SessionResultStatus.SessionNotFound, sessionId, 0, ReadOnlyMemory<byte>.Empty);
        }

        Touch(session);
        return new SessionResult(SessionResultStatus.Ok, sessionId, session.LastSequence, ReadOnlyMemory<byte>.Empty);
    }

    private SessionResult Unregister(ulong sessionId)
    {
        if (!_sessions.Remove(sessionId, out var session))
        {
            return new SessionResult(SessionResultStatus.SessionNotFound, sessionId, 0, ReadOnlyMemory<byte>.Empty);
        }

        _expiryOrder.Remove((session.LastActivityMs, session.Id));
        return new SessionResult(SessionResultStatus.Ok, sessionId, session.LastSequence, ReadOnlyMemory<byte>.Empty);
    }

    private void Touch(ClientSession session)
    {
        _expiryOrder.Remove((session.LastActivityMs, session.Id));
        session.LastActivityMs = CommittedTimeMs;
        _expiryOrder.Add((session.LastActivityMs, session.Id));
    }

    /// <summary>Drops every session idle for at least the timeout, in committed time.</summary>
    private void ExpireSessions()
    {
        while (_expiryOrder.Count > 0)
        {
            var (lastActivityMs, id) = _expiryOrder.Min;
            if (CommittedTimeMs - lastActivityMs < _options.SessionTimeoutMs)
            {
                return;
            }

            _expiryOrder.Remove(_expiryOrder.Min);
            _sessions.Remove(id);
        }
    }
}
