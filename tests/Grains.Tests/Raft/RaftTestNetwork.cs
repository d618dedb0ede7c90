using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

/// <summary>
/// An in-process network of <see cref="RaftNode"/>s (like etcd's raft_test.go network): messages go
/// through a queue and can be dropped per link, by predicate, or by isolating nodes.
/// </summary>
internal sealed class RaftTestNetwork
{
    private const int MaxDeliveriesPerStabilize = 200_000;

    private readonly Queue<RaftMessage> _inFlight = new();
    private readonly HashSet<(ulong From, ulong To)> _cutLinks = [];
    private readonly HashSet<ulong> _isolated = [];

    public RaftTestNetwork(int voters, RaftOptions? options = null, int seed = 1)
        : this(Enumerable.Range(1, voters).Select(i => (ulong)i).ToArray(), options, seed)
    {
    }

    public RaftTestNetwork(ulong[] voters, RaftOptions? options = null, int seed = 1, Func<ulong, TestStorage?>? storage = null)
    {
        Options = options ?? new RaftOptions();
        Bootstrap = new ClusterConfiguration(voters);
        foreach (var id in voters)
        {
            Peers[id] = new TestPeer(id, Options, Bootstrap, seed + (int)id, storage?.Invoke(id));
        }
    }

    /// <summary>A network whose nodes start from the given logs (entry terms, index 1 first) and term.</summary>
    public static RaftTestNetwork WithLogs(RaftOptions? options, params (ulong Term, ulong[] EntryTerms)[] logs) =>
        new([.. Enumerable.Range(1, logs.Length).Select(i => (ulong)i)], options, 1, id => TestStorage.WithLog(logs[id - 1].Term, logs[id - 1].EntryTerms));

    public RaftOptions Options { get; }

    public ClusterConfiguration Bootstrap { get; }

    public Dictionary<ulong, TestPeer> Peers { get; } = [];

    /// <summary>Every message delivered (for assertions on traffic).</summary>
    public List<RaftMessage> Delivered { get; } = [];

    /// <summary>Messages for which this returns true are dropped.</summary>
    public Func<RaftMessage, bool>? DropWhen { get; set; }

    public RaftNode this[ulong id] => Peers[id].Node;

    public void AddPeer(ulong id, ClusterConfiguration bootstrap, int seed = 100) =>
        Peers[id] = new TestPeer(id, Options, bootstrap, seed);

    public void Cut(ulong a, ulong b)
    {
        _cutLinks.Add((a, b));
        _cutLinks.Add((b, a));
    }

    public void Isolate(ulong id) => _isolated.Add(id);

    public void Recover()
    {
        _cutLinks.Clear();
        _isolated.Clear();
        DropWhen = null;
    }

    /// <summary>Delivers one message directly (bypassing drop rules) and returns nothing.</summary>
    public void Send(RaftMessage message) => _inFlight.Enqueue(message);

    /// <summary>Processes every Ready and delivers every message until the network is quiet.</summary>
    public void Stabilize()
    {
        var deliveries = 0;
        while (true)
        {
            CollectReadies();
            if (_inFlight.Count == 0)
            {
                return;
            }

            while (_inFlight.Count > 0)
            {
                Assert.True(++deliveries < MaxDeliveriesPerStabilize, "the network did not quiesce");
                Deliver(_inFlight.Dequeue());
            }
        }
    }

    /// <summary>Ticks every node once and stabilizes, <paramref name="ticks"/> times.</summary>
    public void TickAll(int ticks = 1)
    {
        for (var i = 0; i < ticks; i++)
        {
            foreach (var peer in Peers.Values)
            {
                peer.Node.Tick();
            }

            Stabilize();
        }
    }

    /// <summary>Ticks until some node leads (bounded); returns its id.</summary>
    public ulong TickUntilLeader(int maxTicks = 1000)
    {
        for (var i = 0; i < maxTicks; i++)
        {
            var leader = Peers.Values.FirstOrDefault(p => p.Node.Role == RaftRole.Leader && !_isolated.Contains(p.Id));
            if (leader is not null)
            {
                return leader.Id;
            }

            TickAll();
        }

        Assert.Fail($"no leader within {maxTicks} ticks");
        return 0;
    }

    public ulong Elect(ulong id)
    {
        this[id].Campaign();
        Stabilize();
        Assert.Equal(RaftRole.Leader, this[id].Role);
        return id;
    }

    public ProposalResult Propose(ulong id, string command)
    {
        var result = this[id].Propose(System.Text.Encoding.UTF8.GetBytes(command));
        Stabilize();
        return result;
    }

    public void CollectReadies()
    {
        foreach (var peer in Peers.Values)
        {
            while (peer.Node.HasReady)
            {
                foreach (var message in peer.ProcessReady())
                {
                    _inFlight.Enqueue(message);
                }
            }
        }
    }

    private void Deliver(RaftMessage message)
    {
        if (_isolated.Contains(message.From) || _isolated.Contains(message.To) ||
            _cutLinks.Contains((message.From, message.To)) || DropWhen?.Invoke(message) == true ||
            !Peers.TryGetValue(message.To, out var peer))
        {
            return;
        }

        Delivered.Add(message);
        peer.Node.Step(message);
    }
}
