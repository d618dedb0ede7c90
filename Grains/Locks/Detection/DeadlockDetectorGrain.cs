using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Raft.Hosting;

namespace OrleansSync.Grains.Locks.Detection;

/// <summary>
/// The cluster's deadlock detector. A grain timer runs one round per detection period: read every
/// lock group's wait-for edges linearizably, then read them all again (the second pass starts
/// after the first has finished), keep the edges seen in both (<see cref="DeadlockDetector"/>:
/// no false positives) and propose an <see cref="AbortWaitCommand"/> for the youngest wait of
/// each cycle to that wait's group, naming the cycle.
/// </summary>
/// <remarks>
/// Not reentrant and its timer does not interleave, so rounds never overlap. One activation in
/// the cluster (key "0"); every silo's <see cref="DeadlockDetectorStarter"/> keeps it active.
/// Its state is only the channels (client sessions) to the groups: losing the activation loses
/// nothing but the round in progress, and a stale abort does nothing.
/// </remarks>
public sealed partial class DeadlockDetectorGrain : Grain, IDeadlockDetectorGrain, IDisposable
{
    public const string Key = "0";

    private readonly DeadlockDetectionOptions _options;
    private readonly RaftPeerOptions _raftOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<DeadlockDetectorGrain> _logger;
    private RaftGroupChannel[] _channels = [];
    private IGrainTimer? _timer;
    private long _rounds;
    private long _aborts;
    private string? _lastCycle;

    // Bounded: only the last few are shown (dashboards); older ones are in the log.
    private readonly LinkedList<DeadlockRecord> _recent = new();

    public DeadlockDetectorGrain(
        IOptions<DeadlockDetectionOptions> options, IOptions<RaftPeerOptions> raftOptions, TimeProvider time, ILogger<DeadlockDetectorGrain> logger)
    {
        _options = options.Value;
        _raftOptions = raftOptions.Value;
        _time = time;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var channelOptions = new DistributedLockClientOptions
        {
            GroupCount = _raftOptions.GroupCount,
            ReplicaCount = _raftOptions.ReplicaCount,
            RequestTimeoutMs = _options.ReadTimeoutMs,
            Owner = "deadlock-detector",
        };
        channelOptions.Validate();
        _channels = [.. Enumerable.Range(0, _raftOptions.GroupCount).Select(g => new RaftGroupChannel(new GrainFactoryPeerResolver(GrainFactory), g, channelOptions, _time))];
        var period = TimeSpan.FromMilliseconds(_options.DetectionPeriodMs);
        _timer = this.RegisterGrainTimer(_ => RunRoundAsync(), period, period);
        LogStarted(_raftOptions.GroupCount, _options.DetectionPeriodMs);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public Task Start() => Task.CompletedTask;

    public Task<DeadlockDetectorStatus> GetStatus() => Task.FromResult(new DeadlockDetectorStatus(_rounds, _aborts, _lastCycle, [.. _recent]));

    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _channels = [];
    }

    /// <summary>One detection round; a failure is logged and the next period tries again.</summary>
    private async Task RunRoundAsync()
    {
        try
        {
            var firstPass = await GatherEdgesAsync();
            if (firstPass.Count > 0)
            {
                var secondPass = await GatherEdgesAsync();
                foreach (var victim in DeadlockDetector.FindVictims(firstPass, secondPass))
                {
                    await AbortAsync(victim);
                }
            }

            _rounds++;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRoundFailed(exception.GetType().Name, exception.Message);
        }
    }

    /// <summary>Reads every group's edges at once; a group that cannot be read is left out of this pass.</summary>
    private async Task<List<WaitForEdge>> GatherEdgesAsync()
    {
        var reads = _channels.Select(ReadEdgesAsync).ToList();
        var edges = new List<WaitForEdge>();
        foreach (var read in reads)
        {
            edges.AddRange(await read);
        }

        return edges;
    }

    private async Task<IReadOnlyList<WaitForEdge>> ReadEdgesAsync(RaftGroupChannel channel)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.ReadTimeoutMs), _time);
            return LockWireCodec.DecodeEdges(await channel.ReadAsync(LockWireCodec.EncodeWaitForEdgesQuery(), timeout.Token));
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException or LockException)
        {
            // Without this group's edges a cycle through it is found in a later round.
            LogGroupUnreadable(channel.Group, exception.Message);
            return [];
        }
    }

    private async Task AbortAsync(DeadlockVictim victim)
    {
        var wait = victim.Wait;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.ReadTimeoutMs), _time);
        var result = await _channels[wait.GroupId].ProposeAsync(new AbortWaitCommand(wait.LockName, wait.WaiterLeaseId, wait.WaitId, victim.Cycle), timeout.Token);
        _aborts++;
        _lastCycle = victim.Cycle;
        _recent.AddFirst(new DeadlockRecord(
            _time.GetUtcNow(), wait.GroupId, wait.LockName, wait.WaiterOwner, wait.WaiterLeaseId, wait.WaitId, victim.Cycle, result.Status.ToString()));
        if (_recent.Count > DeadlockDetectorStatus.MaxRecent)
        {
            _recent.RemoveLast();
        }
        LogAborted(wait.WaiterOwner, wait.LockName, wait.GroupId, wait.WaitId, victim.Cycle, result.Status.ToString());
    }
}
