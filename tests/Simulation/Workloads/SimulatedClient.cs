using OrleansSync.TestSupport.Linearizability;

namespace OrleansSync.Simulation.Workloads;

/// <summary>
/// One client: one operation at a time, recorded in the shared history. It retries a request that
/// got no answer within <see cref="RequestTimeoutTicks"/> at another node, with the same operation
/// id and (session, sequence), so the retried write is applied at most once.
/// </summary>
internal sealed class SimulatedClient<TInput, TOutput>
{
    /// <summary>Ticks to wait for an answer before retrying elsewhere (about two election timeouts).</summary>
    public const int RequestTimeoutTicks = 20;

    private readonly Random _random;
    private readonly IReadOnlyList<ulong> _nodes;
    private readonly HistoryRecorder<TInput, TOutput> _history;
    private Outstanding? _current;
    private ulong _nextSequence;
    private ulong _leaderGuess;

    public SimulatedClient(int id, Random random, IReadOnlyList<ulong> nodes, HistoryRecorder<TInput, TOutput> history)
    {
        Id = id;
        _random = random;
        _nodes = nodes;
        _history = history;
    }

    public int Id { get; }

    /// <summary>Sessions are per client; ids are never reused within a simulation.</summary>
    public ulong SessionId => (ulong)Id;

    public bool IsIdle => _current is null;

    public int CompletedCount { get; private set; }

    /// <summary>The tick the current operation was issued; for liveness reports.</summary>
    public long? CurrentIssuedAtTick => _current?.IssuedAtTick;

    /// <summary>Starts an operation; returns the first request to send.</summary>
    public (ulong Node, ClientRequest<TInput> Request) Start(TInput input, bool isRead, long operationId, long nowTick)
    {
        if (_current is not null)
        {
            throw new InvalidOperationException($"Client {Id} already has operation {_current.Request.OperationId} outstanding.");
        }

        var sequence = isRead ? 0 : ++_nextSequence;
        var handle = _history.Invoke(Id, input);
        var request = new ClientRequest<TInput>(Id, operationId, SessionId, sequence, input);
        // Mostly the leader it believes in, sometimes any node: real clients have stale or no leader knowledge.
        var target = _leaderGuess != 0 && _random.Next(4) != 0 ? _leaderGuess : PickNode();
        _current = new Outstanding(request, handle, nowTick) { Target = target };
        return Send(nowTick);
    }

    /// <summary>A request to send now, if the current one timed out or was bounced.</summary>
    public (ulong Node, ClientRequest<TInput> Request)? Poll(long nowTick)
    {
        if (_current is null || nowTick < _current.RetryAtTick)
        {
            return null;
        }

        if (_current.AwaitingAnswer)
        {
            // Timed out: the node may be down or partitioned; try another one.
            _current.Target = PickOtherNode(_current.Target);
        }

        return Send(nowTick);
    }

    public void Receive(ClientReply<TOutput> reply, long nowTick)
    {
        if (_current is null || reply.OperationId != _current.Request.OperationId)
        {
            return;
        }

        switch (reply.Kind)
        {
            case ClientReplyKind.Answer:
                _history.Complete(_current.Handle, reply.Output!);
                _current = null;
                CompletedCount++;
                break;
            case ClientReplyKind.NotLeader:
                _leaderGuess = reply.LeaderHint;
                _current.Target = reply.LeaderHint != 0 ? reply.LeaderHint : PickOtherNode(_current.Target);
                _current.AwaitingAnswer = false;
                _current.RetryAtTick = nowTick + (reply.LeaderHint != 0 ? 1 : 3);
                break;
            default:
                _current.AwaitingAnswer = false;
                _current.RetryAtTick = nowTick + 1;
                break;
        }
    }

    private (ulong Node, ClientRequest<TInput> Request) Send(long nowTick)
    {
        var current = _current!;
        current.AwaitingAnswer = true;
        current.RetryAtTick = nowTick + RequestTimeoutTicks;
        return (current.Target, current.Request);
    }

    private ulong PickNode() => _nodes[_random.Next(_nodes.Count)];

    private ulong PickOtherNode(ulong current)
    {
        var node = _nodes[_random.Next(_nodes.Count - 1)];
        return node == current ? _nodes[^1] : node;
    }

    private sealed class Outstanding(ClientRequest<TInput> request, int handle, long issuedAtTick)
    {
        public ClientRequest<TInput> Request { get; } = request;

        public int Handle { get; } = handle;

        public long IssuedAtTick { get; } = issuedAtTick;

        public ulong Target { get; set; }

        /// <summary>True while a request is out and unanswered; false while waiting to resend after a bounce.</summary>
        public bool AwaitingAnswer { get; set; }

        public long RetryAtTick { get; set; }
    }
}
