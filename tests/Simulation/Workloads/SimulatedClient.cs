using OrleansSync.TestSupport.Linearizability;

namespace OrleansSync.Simulation.Workloads;

/// <summary>
/// One client: one operation at a time, recorded in the shared history. Writes go through a client
/// session, opened on first use. A request unanswered within the client's timeout is
/// retried at another node with the same operation id and (session, sequence), so a retried write
/// is applied at most once. If the session is lost, the write's outcome is unknown: it stays
/// pending in the history and the client opens a new session for its next write.
/// </summary>
internal sealed class SimulatedClient<TInput, TOutput>
{
    /// <summary>Shortest wait for an answer before retrying elsewhere (about one election timeout).</summary>
    public const int MinRequestTimeoutTicks = 10;

    /// <summary>Longest wait: a patient client still awaits a node that paused, and takes its late answer.</summary>
    public const int MaxRequestTimeoutTicks = 80;

    private readonly Random _random;
    private readonly IReadOnlyList<ulong> _nodes;
    private readonly HistoryRecorder<TInput, TOutput> _history;
    private readonly IWorkload<TInput, TOutput> _workload;

    /// <summary>Writes given up after their session was lost, with the (session, sequence) they were sent as.</summary>
    private readonly List<UnansweredWrite<TInput>> _abandoned = [];

    /// <summary>This client's patience; clients differ, so some retry fast and some wait long.</summary>
    private readonly int _requestTimeoutTicks;
    private Outstanding? _current;
    private ulong _sessionId;
    private ulong _nextSequence;
    private ulong _leaderGuess;

    public SimulatedClient(int id, Random random, IReadOnlyList<ulong> nodes, HistoryRecorder<TInput, TOutput> history, IWorkload<TInput, TOutput> workload)
    {
        _workload = workload;
        Id = id;
        _random = random;
        _nodes = nodes;
        _history = history;
        _requestTimeoutTicks = random.Next(MinRequestTimeoutTicks, MaxRequestTimeoutTicks + 1);
    }

    public int Id { get; }

    public bool IsIdle => _current is null;

    public int CompletedCount { get; private set; }

    /// <summary>Writes given up after their session was lost: their outcome is unknown (pending in the history).</summary>
    public int AbandonedCount { get; private set; }

    /// <summary>Starts an operation; returns the first request to send.</summary>
    public (ulong Node, ClientRequest<TInput> Request) Start(TInput input, bool isRead, long operationId, long nowTick)
    {
        if (_current is not null)
        {
            throw new InvalidOperationException($"Client {Id} already has operation {_current.Request.OperationId} outstanding.");
        }

        var handle = _history.Invoke(Id, input);
        var request = isRead
            ? new ClientRequest<TInput>(Id, operationId, ClientRequestKind.Read, 0, 0, input)
            : WriteOrRegister(operationId, input);

        // Mostly the leader it believes in, sometimes any node: real clients have stale or no leader knowledge.
        var target = _leaderGuess != 0 && _random.Next(4) != 0 ? _leaderGuess : PickNode();
        _current = new Outstanding(request, input, handle) { Target = target };
        return Send(nowTick);
    }

    /// <summary>A request to send now, if the current one timed out, was bounced, or moved on to its next step.</summary>
    public (ulong Node, ClientRequest<TInput> Request)? Poll(long nowTick)
    {
        if (_current is null || nowTick < _current.RetryAtTick)
        {
            return null;
        }

        if (_current.AwaitingAnswer)
        {
            // Timed out: the node may be down, paused or partitioned; try another one.
            _current.Target = PickOtherNode(_current.Target);
        }

        return Send(nowTick);
    }

    public void Receive(ClientReply<TOutput> reply, long nowTick)
    {
        var current = _current;
        if (current is null || reply.OperationId != current.Request.OperationId)
        {
            return;
        }

        var kind = current.Request.Kind;
        switch (reply.Kind)
        {
            case ClientReplyKind.Answer when kind != ClientRequestKind.Register:
                _history.Complete(current.Handle, reply.Output!);
                _current = null;
                CompletedCount++;
                _workload.Answered(Id, current.Input, reply.Output!, nowTick);
                break;
            case ClientReplyKind.Registered when kind == ClientRequestKind.Register:
                _sessionId = reply.SessionId;
                _nextSequence = 0;
                current.Request = WriteOrRegister(current.Request.OperationId, current.Input);
                ResendAt(current, nowTick);
                break;
            case ClientReplyKind.SessionLost when kind == ClientRequestKind.Command && current.Request.SessionId == _sessionId:
                _sessionId = 0;
                _current = null;
                AbandonedCount++;
                _abandoned.Add(new UnansweredWrite<TInput>(current.Handle, current.Input, current.Request.SessionId, current.Request.Sequence));
                _workload.Abandoned(Id, current.Input);
                break;
            case ClientReplyKind.NotLeader:
                _leaderGuess = reply.LeaderHint;
                current.Target = reply.LeaderHint != 0 ? reply.LeaderHint : PickOtherNode(current.Target);
                ResendAt(current, nowTick + (reply.LeaderHint != 0 ? 1 : 3));
                break;
            case ClientReplyKind.Dropped:
                ResendAt(current, nowTick + 1);
                break;
            default:
                // A late answer to an earlier step of this operation (e.g. a second register): nothing to do.
                break;
        }
    }

    /// <summary>
    /// Writes whose answer this client never saw: those abandoned with their session, and the
    /// current one if it was sent as a command. A register in flight has not sent its write yet.
    /// </summary>
    public IEnumerable<UnansweredWrite<TInput>> UnansweredWrites()
    {
        foreach (var abandoned in _abandoned)
        {
            yield return abandoned;
        }

        if (_current is { Request: { Kind: ClientRequestKind.Command } request } current)
        {
            yield return new UnansweredWrite<TInput>(current.Handle, current.Input, request.SessionId, request.Sequence);
        }
    }

    private ClientRequest<TInput> WriteOrRegister(long operationId, TInput input) =>
        _sessionId == 0
            ? new ClientRequest<TInput>(Id, operationId, ClientRequestKind.Register, 0, 0, default)
            : new ClientRequest<TInput>(Id, operationId, ClientRequestKind.Command, _sessionId, ++_nextSequence, input);

    private static void ResendAt(Outstanding current, long tick)
    {
        current.AwaitingAnswer = false;
        current.RetryAtTick = tick;
    }

    private (ulong Node, ClientRequest<TInput> Request) Send(long nowTick)
    {
        var current = _current!;
        current.AwaitingAnswer = true;
        current.RetryAtTick = nowTick + _requestTimeoutTicks;
        return (current.Target, current.Request);
    }

    private ulong PickNode() => _nodes[_random.Next(_nodes.Count)];

    private ulong PickOtherNode(ulong current)
    {
        var node = _nodes[_random.Next(_nodes.Count - 1)];
        return node == current ? _nodes[^1] : node;
    }

    private sealed class Outstanding(ClientRequest<TInput> request, TInput input, int handle)
    {
        /// <summary>The request being sent: first a register if the client has no session, then the operation itself.</summary>
        public ClientRequest<TInput> Request { get; set; } = request;

        public TInput Input { get; } = input;

        public int Handle { get; } = handle;

        public ulong Target { get; set; }

        /// <summary>True while a request is out and unanswered; false while waiting to resend after a bounce.</summary>
        public bool AwaitingAnswer { get; set; }

        public long RetryAtTick { get; set; }
    }
}
