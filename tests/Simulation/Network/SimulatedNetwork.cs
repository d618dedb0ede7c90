namespace OrleansSync.Simulation.Network;

/// <summary>
/// A deterministic lossy network between numbered endpoints. Each message gets a random delay,
/// so messages reorder; it may also be dropped or duplicated. Partitions block directed links;
/// a message is dropped if its link is blocked when it is sent or when it would be delivered.
/// </summary>
internal sealed class SimulatedNetwork<TMessage>
{
    private readonly Random _random;
    private readonly PriorityQueue<Envelope, (long Tick, long Sequence)> _inFlight = new();
    private readonly HashSet<(ulong From, ulong To)> _blocked = [];
    private long _sequence;

    public SimulatedNetwork(Random random, NetworkFaultOptions faults)
    {
        faults.Validate();
        _random = random;
        Faults = faults;
    }

    /// <summary>Fault rates; can change between phases (the liveness phase uses a perfect network).</summary>
    public NetworkFaultOptions Faults { get; private set; }

    public int InFlightCount => _inFlight.Count;

    public long DroppedCount { get; private set; }

    public void SetFaults(NetworkFaultOptions faults)
    {
        faults.Validate();
        Faults = faults;
    }

    public void Send(ulong from, ulong to, TMessage message, long nowTick)
    {
        if (IsBlocked(from, to) || _random.NextDouble() < Faults.DropProbability)
        {
            DroppedCount++;
            return;
        }

        Enqueue(from, to, message, nowTick);
        if (_random.NextDouble() < Faults.DuplicateProbability)
        {
            Enqueue(from, to, message, nowTick);
        }
    }

    /// <summary>Removes and returns the messages due at or before <paramref name="nowTick"/>, in delivery order.</summary>
    public List<Envelope> TakeDue(long nowTick)
    {
        var due = new List<Envelope>();
        while (_inFlight.TryPeek(out var envelope, out var priority) && priority.Tick <= nowTick)
        {
            _inFlight.Dequeue();
            if (IsBlocked(envelope.From, envelope.To))
            {
                DroppedCount++;
                continue;
            }

            due.Add(envelope);
        }

        return due;
    }

    public bool IsBlocked(ulong from, ulong to) => _blocked.Contains((from, to));

    /// <summary>Blocks traffic from <paramref name="from"/> to <paramref name="to"/> only.</summary>
    public void BlockOneWay(ulong from, ulong to) => _blocked.Add((from, to));

    /// <summary>Cuts every link between the two groups, both ways.</summary>
    public void Split(IEnumerable<ulong> groupA, IEnumerable<ulong> groupB)
    {
        var b = groupB.ToList();
        foreach (var a in groupA)
        {
            foreach (var other in b)
            {
                _blocked.Add((a, other));
                _blocked.Add((other, a));
            }
        }
    }

    /// <summary>Removes every partition.</summary>
    public void HealAll() => _blocked.Clear();

    /// <summary>Drops everything addressed to or sent by <paramref name="node"/> (it crashed: its sockets are gone).</summary>
    public void DropAllFor(ulong node)
    {
        var kept = new List<(Envelope, (long, long))>();
        while (_inFlight.TryDequeue(out var envelope, out var priority))
        {
            if (envelope.To == node || envelope.From == node)
            {
                DroppedCount++;
            }
            else
            {
                kept.Add((envelope, priority));
            }
        }

        _inFlight.EnqueueRange(kept);
    }

    private void Enqueue(ulong from, ulong to, TMessage message, long nowTick)
    {
        if (_inFlight.Count >= Faults.MaxInFlightMessages)
        {
            DroppedCount++;
            return;
        }

        var delay = _random.Next(Faults.MinDelayTicks, Faults.MaxDelayTicks + 1);
        _inFlight.Enqueue(new Envelope(from, to, message), (nowTick + delay, _sequence++));
    }

    /// <summary>A message in flight.</summary>
    internal readonly record struct Envelope(ulong From, ulong To, TMessage Message);
}
