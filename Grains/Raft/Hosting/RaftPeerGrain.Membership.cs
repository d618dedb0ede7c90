using System.Globalization;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.Hosting.Placement;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// Replica replacement (ADR 0008, 0011). Every peer learns on which silo each member of its group
/// really runs, from the silo that each delivered batch names as its sender, and watches Orleans
/// membership: a member whose silo is dead or leaving is "lost", and so is a member that answered a
/// delivery as inert (activated without its log). The leader, every
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

    /// <summary>The <see cref="RaftPeerStatus.Role"/> of a replica activated on a silo without its log (inert until replaced).</summary>
    public const string LostRole = "Lost";

    private const string TombstoneFileName = "REMOVED";

    /// <summary>Bounds the search for a fresh replica id that lands on a free silo (one in n ids does).</summary>
    private const int MaxReplicaIdCandidates = 4_096;

    /// <summary>Bounds the remembered notice times (hints, safe to forget).</summary>
    private const int MaxRememberedPeers = 256;

    private readonly HashSet<ulong> _lostMembers = [];
    private readonly Dictionary<ulong, SiloAddress> _memberSilos = [];
    private readonly Dictionary<ulong, long> _removalNoticeTicks = [];
    private ClusterConfiguration _committedConfiguration = ClusterConfiguration.Empty;
    private MembershipVersion _observedVersion = MembershipVersion.MinValue;
    private long _ticks;
    private bool _removed;
    private bool _lost;
    private int[] _removedHint = [];

    private string ReplicaDirectory => Path.Combine(_options.DataDirectory, $"group-{_key.Group}", $"replica-{_key.Replica}");

    public Task NotifyRemoved(int[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (!_removed && !_lost && members.Length > 0 && !members.Contains(_key.Replica) && _key.Replica < members.Max())
        {
            if (_syncInFlight is not null)
            {
                _removalAfterSync = members; // the sync thread still uses the log: remove it once the sync ends
            }
            else
            {
                BecomeRemoved(members);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether this silo holds a log (or a tombstone) for this replica.</summary>
    private bool HasLocalLog() => Directory.Exists(ReplicaDirectory) && Directory.EnumerateFileSystemEntries(ReplicaDirectory).Any();

    /// <summary>A member of the committed configuration before, but not now: it can never come back (ids only grow).</summary>
    private bool IsRemovedMember(ulong node)
    {
        var members = _committedConfiguration.Voters.Concat(_committedConfiguration.Learners).ToList();
        return members.Count > 0 && !members.Contains(node) && node < members.Max();
    }

    /// <summary>
    /// A vote request from a member this peer saw lose its silo. Such a replica may come back on
    /// another silo before it is replaced; it must not lead, or a leader unaware of the loss would
    /// keep it. Dropping the request is safe (Raft tolerates loss).
    /// </summary>
    private bool IsLostCandidate(RaftMessage message) => message is RequestVote && _lostMembers.Contains(message.From);

    /// <summary>Records where <paramref name="member"/> runs; a member heard from a live silo is no longer lost.</summary>
    private void HeardFrom(ulong member, SiloAddress silo)
    {
        if (_memberSilos.TryGetValue(member, out var known) && known.Equals(silo))
        {
            return;
        }

        _memberSilos[member] = silo;
        if (IsLive(silo) && _lostMembers.Remove(member))
        {
            LogMemberFound(_key.ToString(), ReplicaOf(member), silo.ToString());
        }
    }

    /// <summary>A member answered a delivery as inert: it has no log where it runs now.</summary>
    private void MarkInert(ulong member, RaftDeliveryResult result)
    {
        if (_lostMembers.Add(member))
        {
            LogMemberLost(_key.ToString(), ReplicaOf(member), $"it answered {result}");
        }
    }

    private void OnConfigurationCommitted(ClusterConfiguration configuration)
    {
        _committedConfiguration = configuration;
        var members = configuration.Voters.Concat(configuration.Learners).ToHashSet();
        _lostMembers.IntersectWith(members);
        foreach (var gone in _memberSilos.Keys.Where(m => !members.Contains(m)).ToList())
        {
            _memberSilos.Remove(gone);
        }

        LogConfigurationCommitted(_key.ToString(), Describe(configuration.Voters), Describe(configuration.Learners));
        if (IsRemovedMember(_key.NodeId))
        {
            BecomeRemoved(Replicas(configuration.Voters));
        }
    }

    /// <summary>Marks members whose silo Orleans declared dead (or that is shutting down) as lost.</summary>
    private void ObserveMembership()
    {
        var snapshot = _membership.CurrentSnapshot;
        if (snapshot.Version == _observedVersion)
        {
            return;
        }

        _observedVersion = snapshot.Version;
        _memberSilos[_key.NodeId] = _localSilo.SiloAddress;
        foreach (var (member, silo) in _memberSilos)
        {
            if (!IsLive(silo) && _lostMembers.Add(member))
            {
                LogMemberLost(_key.ToString(), ReplicaOf(member), $"its silo {silo} is {snapshot.GetSiloStatus(silo)}");
            }
        }
    }

    private bool IsLive(SiloAddress silo) =>
        _membership.CurrentSnapshot.GetSiloStatus(silo) is not (SiloStatus.Dead or SiloStatus.ShuttingDown or SiloStatus.Stopping);

    private IReadOnlyList<SiloAddress> ActiveSilos() =>
        [.. _membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)];

    /// <summary>The leader's one step towards R healthy voters on distinct live silos (the core allows one change in flight).</summary>
    private void Reconfigure()
    {
        if (!_options.ReplaceReplicas || Node.Role != RaftRole.Leader || !IsLive(_localSilo.SiloAddress))
        {
            return;
        }

        var configuration = Node.Configuration;
        var active = ActiveSilos();
        var unhealthy = UnhealthyMembers(configuration);
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

    /// <summary>Lost members, and all but one (the leader, else the lowest voter id) of members known to share a silo.</summary>
    private HashSet<ulong> UnhealthyMembers(ClusterConfiguration configuration)
    {
        var unhealthy = new HashSet<ulong>(_lostMembers.Where(m => configuration.IsVoter(m) || configuration.IsLearner(m)));
        var bySilo = configuration.Voters.Concat(configuration.Learners)
            .Where(m => !unhealthy.Contains(m) && _memberSilos.ContainsKey(m))
            .GroupBy(m => _memberSilos[m]);
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
            .Where(m => !unhealthy.Contains(m) && _memberSilos.ContainsKey(m))
            .Select(m => _memberSilos[m].Endpoint.ToString())
            .ToHashSet(StringComparer.Ordinal);
        var endpoints = active.Select(s => s.Endpoint.ToString()).ToList();
        var free = endpoints.Where(e => !taken.Contains(e)).ToHashSet(StringComparer.Ordinal);
        if (free.Count == 0)
        {
            return; // No silo without a replica of this group: stay as is rather than co-locate.
        }

        // The replacement is born where Orleans places it at the first call: the rendezvous winner
        // among the active silos, which this id is chosen to make a free one.
        var fresh = ReplicaPlacer.FreshReplicaOn(PlacementGrainType, GroupKey, ReplicaOf(maxMember), free, endpoints, MaxReplicaIdCandidates);
        if (fresh >= 0)
        {
            Change(ConfigurationChangeKind.AddLearner, new RaftPeerKey(_key.Group, fresh).NodeId, "a voter's silo is gone or shared, or it lost its log");
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

    private RaftCallOutcome RemovedOutcome() => _lost
        ? new(RaftCallStatus.NotLeader, null, -1, $"Replica {_key.Replica} of group {_key.Group} has no log on this silo; it waits to be replaced.", [])
        : new(RaftCallStatus.NotLeader, null, -1, $"Replica {_key.Replica} was removed from group {_key.Group}.", _removedHint);

    private string GroupKey => _key.Group.ToString(CultureInfo.InvariantCulture);

    private int ReplicaOf(ulong node) => RaftPeerKey.FromNodeId(_key.Group, node).Replica;

    private int[] Replicas(IEnumerable<ulong> nodes) => [.. nodes.Select(ReplicaOf)];

    private string Describe(IEnumerable<ulong> nodes) => string.Join(',', nodes.Select(ReplicaOf));
}
