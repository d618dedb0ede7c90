using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Runtime;
using OrleansSync.Runtime.Placement;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// A silo's outgoing Raft traffic, batched per destination silo: every local peer hands its
/// per-destination-peer batches here; one call per destination silo carries everything queued for
/// it (to that silo's <see cref="RaftRouterGrain"/>, which fans out), and batches queued while a call
/// is in flight go together in the next one. Heartbeats of all groups between a silo pair thus
/// share calls. Each destination silo has a bounded queue; past it batches are dropped and counted
/// (Raft retransmits).
/// </summary>
public sealed partial class RaftMessageRouter
{
    private static readonly string PeerGrainType = typeof(RaftPeerGrain).FullName!;

    private readonly IGrainFactory _grains;
    private readonly ReplicaPlacementContext _placement;
    private readonly RaftPeerOptions _options;
    private readonly ILogger<RaftMessageRouter> _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SiloQueue> _queues = new(StringComparer.Ordinal);
    private long _routedBatches;
    private long _routedMessages;
    private long _calls;
    private long _droppedBatches;

    public RaftMessageRouter(IGrainFactory grains, ReplicaPlacementContext placement, IOptions<RaftPeerOptions> options, ILogger<RaftMessageRouter> logger)
    {
        _grains = grains;
        _placement = placement;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Peer batches accepted by <see cref="Send"/> (queued for their destination silo).</summary>
    public long RoutedBatches => Interlocked.Read(ref _routedBatches);

    /// <summary>Raft messages in the batches accepted by <see cref="Send"/>.</summary>
    public long RoutedMessages => Interlocked.Read(ref _routedMessages);

    /// <summary>Calls made: one per destination silo per flush (local deliveries count one per flush too).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Batches dropped: queue full, no owner silo in the view, or a failed call.</summary>
    public long DroppedBatches => Interlocked.Read(ref _droppedBatches);

    /// <summary>Queues one peer's batch for <paramref name="destination"/>; returns false if it was dropped.</summary>
    internal bool Send(RaftPeerKey destination, byte[] batch, int messageCount)
    {
        var silo = ReplicaPlacer.Place(PeerGrainType, destination.Group.ToString(CultureInfo.InvariantCulture), destination.Replica, _placement.CurrentView.ActiveSilos);
        if (silo is null)
        {
            Interlocked.Increment(ref _droppedBatches);
            return false;
        }

        bool startFlush;
        SiloQueue queue;
        lock (_lock)
        {
            if (!_queues.TryGetValue(silo.Endpoint, out queue!))
            {
                queue = new SiloQueue(silo.Endpoint);
                _queues[silo.Endpoint] = queue;
            }

            if (queue.Pending.Count >= _options.MaxRoutedBatchesPerSilo)
            {
                Interlocked.Increment(ref _droppedBatches);
                LogQueueFull(silo.Endpoint, queue.Pending.Count);
                return false;
            }

            queue.Pending.Add(new RoutedMessages(destination, batch));
            startFlush = !queue.Flushing;
            queue.Flushing = true;
        }

        Interlocked.Increment(ref _routedBatches);
        Interlocked.Add(ref _routedMessages, messageCount);
        if (startFlush)
        {
            // Off the calling grain's turn: the flush loop runs on the thread pool and owns the queue's in-flight call.
            _ = Task.Run(() => FlushAsync(queue));
        }

        return true;
    }

    /// <summary>Hands each routed batch to its peer on this silo; failures are reported, never thrown (Raft retransmits).</summary>
    internal static async Task FanOutAsync(IGrainFactory grains, IReadOnlyList<RoutedMessages> entries, TimeSpan timeout, Action<RaftPeerKey, Exception> onFailure)
    {
        var deliveries = entries.Select(async entry =>
        {
            try
            {
                await grains.GetGrain<IRaftPeerGrain>(entry.Destination.ToString()).Deliver(entry.Batch).WaitAsync(timeout);
            }
            catch (Exception exception)
            {
                onFailure(entry.Destination, exception);
            }
        });
        await Task.WhenAll(deliveries);
    }

    private async Task FlushAsync(SiloQueue queue)
    {
        while (true)
        {
            // Let the other peers of this instant (aligned ticks, one Ready loop each) add their batches first.
            await Task.Yield();
            List<RoutedMessages> entries;
            lock (_lock)
            {
                if (queue.Pending.Count == 0)
                {
                    queue.Flushing = false;
                    return;
                }

                var take = Math.Min(queue.Pending.Count, RaftRoutedBatchCodec.MaxEntries);
                entries = queue.Pending.GetRange(0, take);
                queue.Pending.RemoveRange(0, take);
            }

            Interlocked.Increment(ref _calls);
            await CallAsync(queue.Endpoint, entries);
        }
    }

    private async Task CallAsync(string endpoint, List<RoutedMessages> entries)
    {
        var timeout = TimeSpan.FromMilliseconds(_options.ProposalTimeoutMs);
        if (_placement.LocalSilo?.Endpoint == endpoint)
        {
            _ = FanOutAsync(_grains, entries, timeout, OnDeliveryFailed); // as the router grain does: start, do not wait
            return;
        }

        try
        {
            await _grains.GetGrain<IRaftRouterGrain>(endpoint).Deliver(RaftRoutedBatchCodec.Encode(entries)).WaitAsync(timeout);
        }
        catch (Exception exception)
        {
            // The silo may be gone or slow: its peers' messages are lost, as Raft allows; they are resent.
            Interlocked.Add(ref _droppedBatches, entries.Count);
            LogCallFailed(endpoint, entries.Count, exception.GetType().Name, exception.Message);
        }
    }

    private void OnDeliveryFailed(RaftPeerKey destination, Exception exception)
    {
        Interlocked.Increment(ref _droppedBatches);
        LogDeliveryFailed(destination.ToString(), exception.GetType().Name, exception.Message);
    }

    /// <summary>What is queued for one destination silo; guarded by the router's lock.</summary>
    private sealed class SiloQueue(string endpoint)
    {
        public string Endpoint { get; } = endpoint;

        public List<RoutedMessages> Pending { get; } = [];

        /// <summary>A flush loop owns this queue (at most one call in flight per destination silo).</summary>
        public bool Flushing { get; set; }
    }
}
