using OrleansSync.Grains.Raft;
using Xunit.Abstractions;

namespace OrleansSync.Grains.Tests.Raft;

/// <summary>
/// Seeded chaos over the in-process network: loss, duplication, reordering, partitions, crashes
/// with restart from storage, compaction, proposals and reads; safety checked after every step,
/// then a healed liveness phase. A small cousin of the simulator, to catch core bugs early.
/// </summary>
public sealed class RaftRandomizedSafetyTests(ITestOutputHelper output)
{
    public static TheoryData<int, int> Seeds()
    {
        // RAFT_CHAOS_SEEDS=2000 runs a longer sweep locally; CI runs the default 16.
        var count = int.TryParse(Environment.GetEnvironmentVariable("RAFT_CHAOS_SEEDS"), out var n) ? n : 16;
        var data = new TheoryData<int, int>();
        for (var seed = 1; seed <= count; seed++)
        {
            data.Add(seed, seed % 2 == 0 ? 3 : 5);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Chaos_ThenHeal_KeepsSafetyAndMakesProgress(int seed, int nodes)
    {
        output.WriteLine($"seed={seed} nodes={nodes}");
        var run = new ChaosRun(seed, nodes);
        try
        {
            run.SafetyPhase(ticks: 500);
            run.LivenessPhase(maxTicks: 300);
        }
        catch (Exception error)
        {
            throw new InvalidOperationException($"Chaos run failed; reproduce with seed={seed} nodes={nodes}: {error.Message}", error);
        }
    }

    private sealed class ChaosRun
    {
        private readonly Random _random;
        private readonly RaftTestNetwork _network;
        private readonly List<RaftMessage> _inFlight = [];
        private readonly Dictionary<ulong, ulong> _leaderOfTerm = [];
        /// <summary>The entry applied at each index, and the lowest term of a node when it applied it (the entry was committed in that term or earlier).</summary>
        private readonly Dictionary<ulong, (LogEntry Entry, ulong CommittedBy)> _appliedAt = [];
        private readonly HashSet<ulong> _down = [];
        private HashSet<ulong> _minority = [];
        private int _proposals;

        /// <summary>For each outstanding read: the highest commit index any node knew when it was requested.</summary>
        private readonly Dictionary<string, ulong> _readFloor = [];
        private int _reads;

        public ChaosRun(int seed, int nodes)
        {
            _random = new Random(seed);
            var options = new RaftOptions { SnapshotChunkBytes = 64, MaxInflightAppends = 4, MaxEntriesPerAppend = 8 };
            _network = new RaftTestNetwork(nodes, options, seed);
            foreach (var peer in _network.Peers.Values)
            {
                peer.OnApply = CheckApplied;
            }
        }

        public void SafetyPhase(int ticks)
        {
            for (var tick = 0; tick < ticks; tick++)
            {
                if (tick % 50 == 0)
                {
                    Repartition();
                }

                MaybeCrashOrRestart();
                foreach (var peer in _network.Peers.Values.Where(p => !_down.Contains(p.Id)))
                {
                    peer.Node.Tick();
                }

                MaybeProposeAndCompact();
                Pump(dropRate: 0.1, duplicateRate: 0.05);
            }
        }

        public void LivenessPhase(int maxTicks)
        {
            _minority = [];
            foreach (var id in _down.ToList())
            {
                _network.Peers[id].Restart();
                _down.Remove(id);
            }

            var marker = "final";
            var proposed = false;
            for (var tick = 0; tick < maxTicks; tick++)
            {
                foreach (var peer in _network.Peers.Values)
                {
                    peer.Node.Tick();
                }

                var leader = _network.Peers.Values.FirstOrDefault(p => p.Node.Role == RaftRole.Leader);
                if (!proposed && leader is not null && leader.Node.Propose(System.Text.Encoding.UTF8.GetBytes(marker)).IsAccepted)
                {
                    proposed = true;
                }

                Pump(dropRate: 0, duplicateRate: 0);
                if (_network.Peers.Values.All(p => p.AppliedCommands.Contains(marker)))
                {
                    return;
                }
            }

            Assert.Fail($"no progress within {maxTicks} ticks after healing (proposed={proposed})");
        }

        private void Repartition()
        {
            var ids = _network.Peers.Keys.ToList();
            _minority = _random.NextDouble() < 0.5
                ? [.. ids.Where(_ => _random.NextDouble() < 0.4).Take((ids.Count - 1) / 2)]
                : [];
        }

        private void MaybeCrashOrRestart()
        {
            if (_random.NextDouble() >= 0.02)
            {
                return;
            }

            var id = (ulong)_random.Next(1, _network.Peers.Count + 1);
            if (_down.Remove(id))
            {
                _network.Peers[id].Restart();
            }
            else if (_down.Count < (_network.Peers.Count - 1) / 2)
            {
                _down.Add(id);
            }
        }

        private void MaybeProposeAndCompact()
        {
            foreach (var peer in _network.Peers.Values.Where(p => !_down.Contains(p.Id)))
            {
                if (peer.Node.Role == RaftRole.Leader && _random.NextDouble() < 0.5)
                {
                    peer.Node.Propose(System.Text.Encoding.UTF8.GetBytes($"p{_proposals++}"));
                }

                if (peer.Node.Role == RaftRole.Leader && _random.NextDouble() < 0.01)
                {
                    peer.Node.TransferLeadership((ulong)_random.Next(1, _network.Peers.Count + 1));
                }

                if (_random.NextDouble() < 0.2)
                {
                    var context = $"read-{_reads++}";
                    if (peer.Node.ReadIndex(System.Text.Encoding.UTF8.GetBytes(context)).IsAccepted)
                    {
                        _readFloor[context] = _network.Peers.Values.Max(p => p.Node.CommitIndex);
                    }
                }

                if (_random.NextDouble() < 0.02 && peer.Node.AppliedIndex > peer.Node.SnapshotIndex)
                {
                    peer.Compact();
                }
            }
        }

        private void Pump(double dropRate, double duplicateRate)
        {
            for (var round = 0; round < 4; round++)
            {
                foreach (var peer in _network.Peers.Values.Where(p => !_down.Contains(p.Id)))
                {
                    while (peer.Node.HasReady)
                    {
                        _inFlight.AddRange(peer.ProcessReady());
                    }

                    CheckLeader(peer);
                    CheckReads(peer);
                }

                var batch = _inFlight.OrderBy(_ => _random.Next()).ToList();
                _inFlight.Clear();
                foreach (var message in batch)
                {
                    if (_random.NextDouble() < dropRate || _down.Contains(message.To) ||
                        _minority.Contains(message.From) != _minority.Contains(message.To))
                    {
                        continue;
                    }

                    _network[message.To].Step(message);
                    if (_random.NextDouble() < duplicateRate)
                    {
                        _inFlight.Add(message);
                    }
                }
            }
        }

        private void CheckLeader(TestPeer peer)
        {
            var node = peer.Node;
            if (node.Role != RaftRole.Leader)
            {
                return;
            }

            // Election Safety: at most one leader per term.
            if (_leaderOfTerm.TryGetValue(node.Term, out var existing) && existing != peer.Id)
            {
                Assert.Fail($"two leaders in term {node.Term}: {existing} and {peer.Id}");
            }

            _leaderOfTerm[node.Term] = peer.Id;

            // Leader Completeness: an entry committed in term T is in the log of every leader of a later term.
            foreach (var (index, (entry, committedBy)) in _appliedAt)
            {
                if (committedBy >= node.Term)
                {
                    continue;
                }

                var own = node.EntryAt(index);
                if (index > node.LastIndex || (own is not null && own.Term != entry.Term))
                {
                    Assert.Fail($"leader {peer.Id} (term {node.Term}) lacks entry {index} committed by term {committedBy}");
                }
            }
        }

        /// <summary>ReadIndex linearizability: a read sees at least everything committed before it was requested.</summary>
        private void CheckReads(TestPeer peer)
        {
            foreach (var read in peer.ReadStates)
            {
                var context = System.Text.Encoding.UTF8.GetString(read.Context.Span);
                // A duplicated request or response may release a read twice; each release must be safe.
                if (!_readFloor.TryGetValue(context, out var floor) || read.Index < floor)
                {
                    Assert.Fail($"read {context} on node {peer.Id} released at index {read.Index}, below commit index {floor} known when it was requested (or never requested)");
                }
            }

            peer.ReadStates.Clear();
        }

        private void CheckApplied(ulong id, LogEntry entry)
        {
            // State Machine Safety: every replica applies the same entry at each index.
            var term = _network[id].Term;
            if (_appliedAt.TryGetValue(entry.Index, out var first))
            {
                if (first.Entry.Term != entry.Term || !first.Entry.Data.Span.SequenceEqual(entry.Data.Span))
                {
                    Assert.Fail($"node {id} applied a different entry at {entry.Index}");
                }

                _appliedAt[entry.Index] = (first.Entry, Math.Min(first.CommittedBy, term));
            }
            else
            {
                _appliedAt[entry.Index] = (entry, term);
            }
        }
    }
}
