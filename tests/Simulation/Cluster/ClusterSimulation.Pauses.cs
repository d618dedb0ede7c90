using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Workloads;

namespace OrleansSync.Simulation.Cluster;

/// <summary>
/// Process pauses (a long GC, a stopped VM): the node neither ticks nor reads its sockets, while
/// the rest of the cluster moves on. On waking it finds its inbound messages in arbitrary order,
/// and may act on a client request before it learns that it was deposed.
/// </summary>
internal sealed partial class ClusterSimulation<TInput, TOutput>
{
    private const int MinPauseTicks = 15;
    private const int MaxPauseTicks = 150;

    /// <summary>Bound on messages a paused node buffers; more are dropped, like a full socket buffer.</summary>
    private const int MaxHeldMessagesPerNode = 10_000;

    private readonly Dictionary<ulong, long> _pausedUntilTick = [];
    private readonly Dictionary<ulong, List<(ulong Sender, object Message)>> _heldMessages = [];
    private int _pauses;

    private bool IsPaused(ulong node) => _pausedUntilTick.ContainsKey(node);

    private void Pause()
    {
        var leader = CurrentLeader();
        var candidates = _hosts.Values.Where(h => h.IsUp && !IsPaused(h.Id)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        // Half the time pause the leader: the interesting case, a leader that wakes up deposed.
        var victim = leader is not null && !IsPaused(leader.Id) && _random.Next(2) == 0 ? leader : candidates[_random.Next(candidates.Count)];
        _pausedUntilTick[victim.Id] = NowTick + _random.Next(MinPauseTicks, MaxPauseTicks);
        _heldMessages[victim.Id] = [];
        _pauses++;
        Trace.Add(NowTick, $"node {victim.Id} pauses until tick {_pausedUntilTick[victim.Id]}");
    }

    private void Hold(ulong node, ulong sender, object message)
    {
        var held = _heldMessages[node];
        if (held.Count < MaxHeldMessagesPerNode)
        {
            held.Add((sender, message));
        }
    }

    /// <summary>
    /// Wakes nodes whose pause is over (all of them when <paramref name="all"/>). What they missed is
    /// delivered connection by connection, in a random order of connections (an event loop draining
    /// its sockets), each connection's messages in the order they arrived.
    /// </summary>
    private void ResumePausedNodes(bool all)
    {
        foreach (var id in _pausedUntilTick.Where(p => all || p.Value <= NowTick).Select(p => p.Key).Order().ToList())
        {
            _pausedUntilTick.Remove(id);
            var held = _heldMessages[id];
            _heldMessages.Remove(id);
            Trace.Add(NowTick, $"node {id} resumes with {held.Count} messages waiting");
            var host = _hosts[id];
            var connections = held.GroupBy(h => h.Sender).OrderBy(g => g.Key).ToList();
            var order = connections.Select(_ => _random.Next()).ToList();
            var messages = connections.Zip(order).OrderBy(c => c.Second).SelectMany(c => c.First.Select(h => h.Message)).ToList();
            foreach (var message in messages)
            {
                if (!host.IsUp)
                {
                    break;
                }

                if (message is RaftMessage raft)
                {
                    host.Step(raft);
                }
                else
                {
                    host.HandleRequest((ClientRequest<TInput>)message);
                }
            }
        }
    }

    private void ForgetPause(ulong node)
    {
        _pausedUntilTick.Remove(node);
        _heldMessages.Remove(node);
    }
}
