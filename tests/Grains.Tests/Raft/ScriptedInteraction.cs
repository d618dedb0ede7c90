using System.Globalization;
using System.Text;
using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

/// <summary>
/// Runs the commands of an etcd-style interaction script against in-process nodes and returns the
/// trace each command produces. Commands: add-nodes N [prevote=off] [checkquorum=off] [chunk=B],
/// campaign ID, propose ID TEXT, tick ID|all [N], stabilize, isolate ID, recover, status, log ID,
/// read-index ID CTX, transfer ID TO, compact ID, add-learner ID NODE, promote ID NODE,
/// remove ID NODE, add-node ID (a new empty node that waits to be added).
/// </summary>
internal sealed class ScriptedInteraction
{
    private const int MaxStabilizeRounds = 1000;

    private readonly SortedDictionary<ulong, TestPeer> _peers = [];
    private readonly HashSet<ulong> _isolated = [];
    private List<RaftMessage> _inFlight = [];
    private RaftOptions _options = new();
    private ClusterConfiguration _bootstrap = ClusterConfiguration.Empty;

    public string Run(string command)
    {
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var output = new StringBuilder();
        switch (args[0])
        {
            case "add-nodes": AddNodes(args); break;
            case "add-node": _peers[Id(args[1])] = new TestPeer(Id(args[1]), _options, ClusterConfiguration.Empty, (int)Id(args[1])); break;
            case "campaign": Node(args[1]).Campaign(); break;
            case "propose": output.AppendLine(Result(Node(args[1]).Propose(Encoding.UTF8.GetBytes(args[2])))); break;
            case "tick": Tick(args); break;
            case "stabilize": Stabilize(output); break;
            case "isolate": _isolated.Add(Id(args[1])); break;
            case "recover": _isolated.Clear(); break;
            case "status": _peers.Values.ToList().ForEach(p => output.AppendLine(ScriptedTraceFormatter.Status(p.Node))); break;
            case "log": Log(args[1], output); break;
            case "read-index": output.AppendLine(Result(Node(args[1]).ReadIndex(Encoding.UTF8.GetBytes(args[2])))); break;
            case "transfer": output.AppendLine(Result(Node(args[1]).TransferLeadership(Id(args[2])))); break;
            case "compact": output.AppendLine($"snapshot {_peers[Id(args[1])].Compact().Index}"); break;
            case "add-learner": output.AppendLine(Change(args, ConfigurationChangeKind.AddLearner)); break;
            case "promote": output.AppendLine(Change(args, ConfigurationChangeKind.PromoteLearner)); break;
            case "remove": output.AppendLine(Change(args, ConfigurationChangeKind.RemoveNode)); break;
            default: throw new InvalidOperationException($"unknown script command '{args[0]}'");
        }

        return output.ToString();
    }

    private static ulong Id(string text) => ulong.Parse(text, CultureInfo.InvariantCulture);

    private static string Result(ProposalResult result) => result.IsAccepted
        ? $"accepted index={result.Index} term={result.Term}"
        : $"rejected {result.Reason} hint={result.LeaderHint}";

    private RaftNode Node(string id) => _peers[Id(id)].Node;

    private string Change(string[] args, ConfigurationChangeKind kind) =>
        Result(Node(args[1]).ProposeConfigurationChange(new ConfigurationChange(kind, Id(args[2]))));

    private void AddNodes(string[] args)
    {
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        _options = new RaftOptions
        {
            PreVote = !args.Contains("prevote=off"),
            CheckQuorum = !args.Contains("checkquorum=off"),
            SnapshotChunkBytes = args.FirstOrDefault(a => a.StartsWith("chunk=", StringComparison.Ordinal)) is { } chunk ? int.Parse(chunk[6..], CultureInfo.InvariantCulture) : RaftOptions.DefaultSnapshotChunkBytes,
        };
        _bootstrap = new ClusterConfiguration(Enumerable.Range(1, count).Select(i => (ulong)i));
        foreach (var id in _bootstrap.Voters)
        {
            _peers[id] = new TestPeer(id, _options, _bootstrap, (int)id);
        }
    }

    private void Tick(string[] args)
    {
        var times = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        for (var i = 0; i < times; i++)
        {
            foreach (var peer in _peers.Values.Where(p => args[1] == "all" || p.Id == Id(args[1])))
            {
                peer.Node.Tick();
            }
        }
    }

    private void Log(string id, StringBuilder output)
    {
        var node = Node(id);
        for (var index = node.SnapshotIndex + 1; index <= node.LastIndex; index++)
        {
            output.AppendLine(ScriptedTraceFormatter.Entry(node.EntryAt(index)!));
        }
    }

    /// <summary>Alternates: every node handles its Ready, then every message in flight is delivered, until quiet.</summary>
    private void Stabilize(StringBuilder output)
    {
        for (var round = 0; round < MaxStabilizeRounds; round++)
        {
            foreach (var peer in _peers.Values)
            {
                while (peer.Node.HasReady)
                {
                    HandleReady(peer, output);
                }
            }

            if (_inFlight.Count == 0)
            {
                return;
            }

            var batch = _inFlight;
            _inFlight = [];
            foreach (var message in batch)
            {
                var dropped = _isolated.Contains(message.From) || _isolated.Contains(message.To) || !_peers.ContainsKey(message.To);
                output.AppendLine((dropped ? "dropped " : string.Empty) + ScriptedTraceFormatter.Message(message));
                if (!dropped)
                {
                    _peers[message.To].Node.Step(message);
                }
            }
        }

        throw new InvalidOperationException("stabilize did not quiesce");
    }

    private void HandleReady(TestPeer peer, StringBuilder output)
    {
        var appliedBefore = peer.Applied.Count;
        var readsBefore = peer.ReadStates.Count;
        var softBefore = peer.SoftStates.Count;
        var snapshotsBefore = peer.RestoredSnapshots.Count;
        _inFlight.AddRange(peer.ProcessReady());
        foreach (var soft in peer.SoftStates.Skip(softBefore))
        {
            output.AppendLine($"{peer.Id} becomes {soft.Role} (leader {soft.LeaderId})");
        }

        foreach (var snapshot in peer.RestoredSnapshots.Skip(snapshotsBefore))
        {
            output.AppendLine($"{peer.Id} restores snapshot {snapshot.Index}/{snapshot.Term}");
        }

        foreach (var entry in peer.Applied.Skip(appliedBefore))
        {
            output.AppendLine($"{peer.Id} applies {ScriptedTraceFormatter.Entry(entry)}");
        }

        foreach (var read in peer.ReadStates.Skip(readsBefore))
        {
            output.AppendLine($"{peer.Id} read {ScriptedTraceFormatter.Text(read.Context)} at index {read.Index}");
        }
    }
}
