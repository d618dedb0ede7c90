namespace OrleansSync.Simulation.Cluster;

/// <summary>The safety phase's fault schedule: crashes and restarts, partitions, transfers, membership changes.</summary>
internal sealed partial class ClusterSimulation<TInput, TOutput>
{
    private const int MinDowntimeTicks = 5;
    private const int MaxDowntimeTicks = 100;
    private const int MinPartitionTicks = 20;
    private const int MaxPartitionTicks = 300;

    private void InjectFaults()
    {
        foreach (var host in _hosts.Values.Where(h => !h.IsUp && !_restartAtTick.ContainsKey(h.Id)))
        {
            // Down by a crash (possibly one that struck mid-write during the last tick): schedule its restart.
            _restartAtTick[host.Id] = NowTick + Downtime();
        }

        foreach (var (id, at) in _restartAtTick.Where(r => r.Value <= NowTick).OrderBy(r => r.Key).ToList())
        {
            Trace.Add(NowTick, $"restart node {id} (down since before {at})");
            Restart(_hosts[id]);
        }

        if (NowTick >= _healAtTick)
        {
            Trace.Add(NowTick, "heal all partitions");
            _raftNetwork.HealAll();
            _healAtTick = long.MaxValue;
        }

        if (_random.NextDouble() < _parameters.CrashProbability)
        {
            CrashSomeNode();
        }

        if (_healAtTick == long.MaxValue && _random.NextDouble() < _parameters.PartitionProbability)
        {
            Partition();
        }

        if (_random.NextDouble() < _parameters.PauseProbability)
        {
            Pause();
        }

        if (_random.NextDouble() < _parameters.TransferProbability)
        {
            TransferLeadership();
        }

        if (_random.NextDouble() < _parameters.MembershipChangeProbability && CurrentLeader() is { } leader
            && _membership.TryStart(leader.Node!, _random, NowTick, _random.Next(20, 200)))
        {
            Trace.Add(NowTick, $"membership change starts (leader {leader.Id})");
        }
    }

    private void CrashSomeNode()
    {
        var up = _hosts.Values.Where(h => h.IsUp).ToList();
        // Keep at most a bare majority down at once, so progress is possible again soon.
        if (up.Count <= _parameters.Nodes / 2)
        {
            return;
        }

        var victim = up[_random.Next(up.Count)];
        if (_random.Next(2) == 0 && _parameters.TornWrites)
        {
            // Dies in the middle of its next write: a prefix of that batch may reach the disk, its messages never leave.
            victim.CrashDuringNextWrite = true;
            Trace.Add(NowTick, $"node {victim.Id} will crash during its next write");
            return;
        }

        victim.Crash();
        ForgetPause(victim.Id);
        if (_random.Next(2) == 0)
        {
            // Connections reset: nothing in flight to or from the node arrives. Otherwise packets
            // sent before the crash may still reach the rebooted node, as datagrams would.
            _raftNetwork.DropAllFor(victim.Id);
        }
    }

    /// <summary>Mostly a real outage, sometimes a fast reboot that beats in-flight messages.</summary>
    private int Downtime() =>
        _random.Next(10) < 3 ? _random.Next(1, MinDowntimeTicks) : _random.Next(MinDowntimeTicks, MaxDowntimeTicks);

    private void Partition()
    {
        var ids = _hosts.Keys.ToList();
        var leader = CurrentLeader()?.Id ?? ids[_random.Next(ids.Count)];
        var victim = ids[_random.Next(ids.Count)];
        switch (_random.Next(5))
        {
            case 0:
                _raftNetwork.Split([victim], ids.Where(i => i != victim));
                Trace.Add(NowTick, $"partition: isolate node {victim}");
                break;
            case 1:
                _raftNetwork.Split([leader], ids.Where(i => i != leader));
                Trace.Add(NowTick, $"partition: isolate leader {leader}");
                break;
            case 2:
                var side = ids.Where(_ => _random.Next(2) == 0).ToList();
                _raftNetwork.Split(side, ids.Except(side));
                Trace.Add(NowTick, $"partition: split [{string.Join(",", side)}] from the rest");
                break;
            case 3:
                // The leader still reaches everyone but hears nobody: CheckQuorum must depose it.
                foreach (var other in ids.Where(i => i != leader))
                {
                    _raftNetwork.BlockOneWay(other, leader);
                }

                Trace.Add(NowTick, $"partition: node {leader} hears nobody (one-way)");
                break;
            default:
                var to = ids[_random.Next(ids.Count)];
                if (to != victim)
                {
                    _raftNetwork.BlockOneWay(victim, to);
                }

                Trace.Add(NowTick, $"partition: block {victim} -> {to} (one-way)");
                break;
        }

        _healAtTick = NowTick + _random.Next(MinPartitionTicks, MaxPartitionTicks);
    }

    private void TransferLeadership()
    {
        if (CurrentLeader() is not { } leader)
        {
            return;
        }

        var voters = leader.Node!.Configuration.Voters.Where(v => v != leader.Id).ToList();
        if (voters.Count == 0)
        {
            return;
        }

        var target = voters[_random.Next(voters.Count)];
        var result = leader.Node.TransferLeadership(target);
        Trace.Add(NowTick, $"leader {leader.Id} transfers to {target}: {(result.IsAccepted ? "started" : result.Reason.ToString())}");
        leader.ProcessReady();
    }
}
