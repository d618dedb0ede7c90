using System.Globalization;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Runtime.Placement;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// Replica replacement (ADR 0008). Every peer watches the membership views and remembers which
/// members of its group lived on a silo that has since left ("lost"). The leader, every
/// <see cref="RaftPeerOptions.MembershipCheckTicks"/>, takes at most one step towards R voters on
/// distinct live silos: add a learner under a fresh replica id on a free silo, promote it once it
/// caught up, then remove the lost (or co-located) voter. Ids only grow, so a peer absent from a
/// committed configuration and below its highest id is removed for good: peers that hear from it
/// tell it so, and it deletes its log and stays inert, leaving a tombstone.
/// </summary>
public sealed partial class RaftPeerGrain
{
    /// <summary>The <see cref="RaftPeerStatus.Role"/> of a replica that was removed from its group.</summary>
    public const string RemovedRole = "Removed";

    private const string TombstoneFileName = "REMOVED";

    /// <summary>Bounds the search for a fresh replica id that lands on a free silo (one in n ids does).</summary>
    private const int MaxReplicaIdCandidates = 4_096;

    /// <summary>Bounds the remembered departed silos and notice times (both are hints, safe to forget).</summary>
    private const int MaxRememberedPeers = 256;

    private static readonly string GrainType = typeof(RaftPeerGrain).FullName!;

    private readonly HashSet<ulong> _lostMembers = [];
    private readonly HashSet<string> _departedEndpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, long> _removalNoticeTicks = [];
    private ClusterConfiguration _committedConfiguration = ClusterConfiguration.Empty;
    private IReadOnlyList<SiloAddress> _observedSilos = [];
    private long _observedViewVersion = -1;
    private long _ticks;
    private bool _removed;
    private int[] _removedHint = [];

    private string ReplicaDirectory => Path.Combine(_options.DataDirectory, $"group-{_key.Group}", $"replica-{_key.Replica}");

    public Task NotifyRemoved(int[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (!_removed && members.Length > 0 && !members.Contains(_key.Replica) && _key.Replica < members.Max())
        {
            BecomeRemoved(members);
        }

        return Task.CompletedTask;
    }

    /// <summary>A member of the committed configuration before, but not now: it can never come back (ids only grow).</summary>
    private bool IsRemovedMember(ulong node)
    {
        var members = _committedConfiguration.Voters.Concat(_committedConfiguration.Learners).ToList();
        return members.Count > 0 && !members.Contains(node) && node < members.Max();
    }

    /// <summary>
    /// A vote request from a member this peer saw lose its silo. Such a replica may come back on
    /// another silo (with its own log, if the data directory is shared) before it is replaced; it
    /// must not lead, or a leader unaware of the loss would keep it. Dropping the request is safe
    /// (Raft tolerates loss), and the members that hold the committed entries can still win.
    /// </summary>
    private bool IsLostCandidate(RaftMessage message) => message is RequestVote && _lostMembers.Contains(message.From);

    private void OnConfigurationCommitted(ClusterConfiguration configuration)
    {
        _committedConfiguration = configuration;
        _lostMembers.IntersectWith(configuration.Voters.Concat(configuration.Learners));
        LogConfigurationCommitted(_key.ToString(), Describe(configuration.Voters), Describe(configuration.Learners));
        if (IsRemovedMember(_key.NodeId))
        {
            BecomeRemoved(Replicas(configuration.Voters));
        }
    }

    /// <summary>Marks members whose silo (by placement under the previous view) is gone from the current view.</summary>
    private void ObserveMembership()
    {
        var view = _silo.CurrentView;
        if (view.Version == _observedViewVersion || _silo.LocalSilo is not { } self || !view.Contains(self))
        {
            return;
        }

        var configuration = Node.Configuration;
        foreach (var member in configuration.Voters.Concat(configuration.Learners))
        {
            var before = PlaceMember(member, _observedSilos);
            if (before is not null && !view.Contains(before) && _lostMembers.Add(member))
            {
                RememberDeparted(before.Endpoint);
                LogMemberLost(_key.ToString(), ReplicaOf(member), before.ToString());
            }
        }

        _observedSilos = view.ActiveSilos;
        _observedViewVersion = view.Version;
    }

    /// <summary>The leader's one step towards R healthy voters on distinct live silos (the core allows one change in flight).</summary>
    private void Reconfigure()
    {
        if (!_options.ReplaceReplicas || Node.Role != RaftRole.Leader || _silo.LocalSilo is not { } self || !_silo.CurrentView.Contains(self))
        {
            return;
        }

        var configuration = Node.Configuration;
        var active = _silo.CurrentView.ActiveSilos;
        var unhealthy = UnhealthyMembers(configuration, active);
        var healthyLearner = configuration.Learners.Where(l => !unhealthy.Contains(l)).Cast<ulong?>().FirstOrDefault();
        var maxMember = configuration.Voters.Concat(configuration.Learners).Max();
        var unhealthyLearner = configuration.Learners.Where(l => unhealthy.Contains(l) && l != maxMember).Cast<ulong?>().FirstOrDefault();
        if (unhealthyLearner is { } staleLearner && healthyLearner is not null)
        {
            Change(ConfigurationChangeKind.RemoveNode, staleLearner, "its silo is gone or taken");
        }
        else if (healthyLearner is { } learner)
        {
            Change(ConfigurationChangeKind.PromoteLearner, learner, "it has a silo of its own");
        }
        else if (configuration.Voters.Count > _options.ReplicaCount)
        {
            var surplus = configuration.Voters.Where(v => unhealthy.Contains(v) && v != _key.NodeId).Cast<ulong?>().FirstOrDefault();
            if (surplus is { } voter)
            {
                Change(ConfigurationChangeKind.RemoveNode, voter, "its replacement is a voter");
            }
        }
        else if (configuration.Voters.Count < _options.ReplicaCount || configuration.Voters.Any(unhealthy.Contains))
        {
            AddReplacement(configuration, active, unhealthy, maxMember);
        }
    }

    /// <summary>Members whose silo left, and all but one (the leader, else the lowest id) of members sharing a silo.</summary>
    private HashSet<ulong> UnhealthyMembers(ClusterConfiguration configuration, IReadOnlyList<SiloAddress> active)
    {
        var unhealthy = new HashSet<ulong>(_lostMembers.Where(m => configuration.IsVoter(m) || configuration.IsLearner(m)));
        var bySilo = configuration.Voters.Concat(configuration.Learners)
            .Where(m => !unhealthy.Contains(m))
            .GroupBy(m => PlaceMember(m, active)?.Endpoint ?? string.Empty);
        foreach (var sharing in bySilo)
        {
            var keep = sharing.Contains(_key.NodeId) ? _key.NodeId : sharing.Where(configuration.IsVoter).DefaultIfEmpty(sharing.Min()).Min();
            unhealthy.UnionWith(sharing.Where(m => m != keep));
        }

        return unhealthy;
    }

    private void AddReplacement(ClusterConfiguration configuration, IReadOnlyList<SiloAddress> active, HashSet<ulong> unhealthy, ulong maxMember)
    {
        var taken = configuration.Voters.Concat(configuration.Learners)
            .Where(m => !unhealthy.Contains(m))
            .Select(m => PlaceMember(m, active)?.Endpoint)
            .ToHashSet(StringComparer.Ordinal);
        var free = active.Select(s => s.Endpoint).Where(e => !taken.Contains(e)).ToHashSet(StringComparer.Ordinal);
        if (free.Count == 0)
        {
            return; // No silo without a replica of this group: stay as is rather than co-locate.
        }

        var competitors = active.Select(s => s.Endpoint).Concat(_departedEndpoints).ToHashSet(StringComparer.Ordinal);
        var fresh = ReplicaPlacer.FreshReplicaOn(GrainType, GroupKey, ReplicaOf(maxMember), free, competitors, MaxReplicaIdCandidates);
        if (fresh >= 0)
        {
            Change(ConfigurationChangeKind.AddLearner, new RaftPeerKey(_key.Group, fresh).NodeId, "a voter's silo is gone or shared");
        }
    }

    private void Change(ConfigurationChangeKind kind, ulong node, string reason)
    {
        var result = Node.ProposeConfigurationChange(new ConfigurationChange(kind, node));
        if (result.IsAccepted)
        {
            LogReconfiguring(_key.ToString(), kind.ToString(), ReplicaOf(node), reason);
        }
        else
        {
            // Pending change, leader not ready, learner still catching up: the next check tries again.
            LogReconfigurationDeferred(_key.ToString(), kind.ToString(), ReplicaOf(node), result.Reason.ToString());
        }
    }

    /// <summary>Tells a removed peer that still talks to us, at most once per election timeout.</summary>
    private void NoticeRemoved(ulong node)
    {
        if (_removalNoticeTicks.TryGetValue(node, out var sentAt) && _ticks - sentAt < _options.Raft.ElectionTimeoutTicks)
        {
            return;
        }

        if (_removalNoticeTicks.Count >= MaxRememberedPeers)
        {
            _removalNoticeTicks.Clear();
        }

        _removalNoticeTicks[node] = _ticks;
        var peer = GrainFactory.GetGrain<IRaftPeerGrain>(RaftPeerKey.FromNodeId(_key.Group, node).ToString());
        _ = NotifyRemovedAsync(peer, node, Replicas(_committedConfiguration.Voters.Concat(_committedConfiguration.Learners)));
    }

    private async Task NotifyRemovedAsync(IRaftPeerGrain peer, ulong node, int[] members)
    {
        try
        {
            await peer.NotifyRemoved(members);
        }
        catch (Exception exception)
        {
            // The removed peer will talk to us again and be told again.
            LogSendFailed(_key.ToString(), node, exception.GetType().Name, exception.Message);
        }
    }

    /// <summary>Stops for good: fails waiters, closes and deletes the log, leaves a tombstone naming the group's replicas.</summary>
    private void BecomeRemoved(int[] members)
    {
        _removed = true;
        _removedHint = members;
        FailAllWaiters(RaftCallStatus.NotLeader, $"Replica {_key.Replica} was removed from group {_key.Group}.");
        _ticker?.Dispose();
        _ticker = null;
        _store?.Dispose();
        _store = null;
        _node = null;
        var directory = ReplicaDirectory;
        foreach (var file in Directory.Exists(directory) ? Directory.GetFiles(directory) : [])
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, TombstoneFileName), string.Join(',', members.Select(m => m.ToString(CultureInfo.InvariantCulture))));
        LogRemoved(_key.ToString(), Describe(members.Select(m => new RaftPeerKey(_key.Group, m).NodeId)));
    }

    private bool TryLoadTombstone()
    {
        var tombstone = Path.Combine(ReplicaDirectory, TombstoneFileName);
        if (!File.Exists(tombstone))
        {
            return false;
        }

        _removed = true;
        _removedHint = [.. File.ReadAllText(tombstone).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(m => int.Parse(m, CultureInfo.InvariantCulture))];
        LogActivatedRemoved(_key.ToString(), _siloName);
        return true;
    }

    private RaftCallOutcome RemovedOutcome() =>
        new(RaftCallStatus.NotLeader, null, -1, $"Replica {_key.Replica} was removed from group {_key.Group}.", _removedHint);

    private void RememberDeparted(string endpoint)
    {
        if (_departedEndpoints.Count >= MaxRememberedPeers)
        {
            _departedEndpoints.Clear();
        }

        _departedEndpoints.Add(endpoint);
    }

    private string GroupKey => _key.Group.ToString(CultureInfo.InvariantCulture);

    private SiloAddress? PlaceMember(ulong member, IReadOnlyList<SiloAddress> silos) =>
        silos.Count == 0 ? null : ReplicaPlacer.Place(GrainType, GroupKey, ReplicaOf(member), silos);

    private int ReplicaOf(ulong node) => RaftPeerKey.FromNodeId(_key.Group, node).Replica;

    private int[] Replicas(IEnumerable<ulong> nodes) => [.. nodes.Select(ReplicaOf)];

    private string Describe(IEnumerable<ulong> nodes) => string.Join(',', nodes.Select(ReplicaOf));
}
