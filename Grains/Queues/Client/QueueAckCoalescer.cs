namespace OrleansSync.Grains.Queues.Client;

/// <summary>
/// Coalesces acks of one client per partition into batch acks (<see cref="AckBatchCommand"/>), in
/// the manner of a group commit: an ack arriving while its partition has no batch in flight is sent
/// at once (alone, so an idle consumer pays no extra latency); acks arriving while one is in flight
/// wait for it and go together in the next batch, up to <see cref="QueueTable.MaxBatchMessages"/>.
/// There is no timer: the coalescing wait is "until the batch before is answered", which the
/// client's request timeout bounds. A partition holds at most <see cref="MaxPendingPerPartition"/>
/// waiting acks; one more is sent alone rather than queued.
/// </summary>
internal sealed class QueueAckCoalescer
{
    /// <summary>Bound on acks waiting per partition (far above what a client's callers produce between two commits).</summary>
    internal const int MaxPendingPerPartition = 4_096;

    private readonly Func<string, int, IReadOnlyList<QueueReceipt>, Task<IReadOnlyList<QueueErrorCode>>> _ackBatch;
    private readonly Dictionary<(string Queue, int Partition), Lane> _lanes = [];
    private long _batches;
    private long _acks;

    /// <param name="ackBatch">Sends one batch ack for a queue's partition and answers one outcome per receipt, in order.</param>
    public QueueAckCoalescer(Func<string, int, IReadOnlyList<QueueReceipt>, Task<IReadOnlyList<QueueErrorCode>>> ackBatch)
    {
        _ackBatch = ackBatch ?? throw new ArgumentNullException(nameof(ackBatch));
    }

    /// <summary>Batches that went out, and the acks they carried (tests and benchmarks read the ratio).</summary>
    internal long Batches => Interlocked.Read(ref _batches);

    internal long Acks => Interlocked.Read(ref _acks);

    /// <summary>Acks <paramref name="receipt"/> in the next batch of its partition; answers its own outcome (<see cref="QueueErrorCode.None"/> when acked).</summary>
    public async Task<QueueErrorCode> AckAsync(string queue, QueueReceipt receipt)
    {
        var pending = new PendingAck(receipt);
        Lane lane;
        bool lead;
        lock (_lanes)
        {
            if (!_lanes.TryGetValue((queue, receipt.Partition), out lane!))
            {
                lane = new Lane(queue, receipt.Partition);
                _lanes.Add((queue, receipt.Partition), lane);
            }

            if (lane.Waiting.Count >= MaxPendingPerPartition)
            {
                lead = false;
                pending = null;
            }
            else
            {
                lane.Waiting.Enqueue(pending);
                lead = !lane.Flushing;
                lane.Flushing = true;
            }
        }

        if (pending is null)
        {
            return (await SendAsync(queue, receipt.Partition, [receipt]))[0];
        }

        if (lead)
        {
            // Not awaited: the flusher goes on with later batches while this ack's caller moves on
            // once its own batch is answered. FlushAsync completes every ack it takes and never throws.
            _ = FlushAsync(lane);
        }

        return await pending.Outcome.Task;
    }

    /// <summary>
    /// Started by the ack that found its partition idle: sends batches until nothing waits. Every
    /// pending ack taken is completed, with its outcome or the batch's failure, so none is left hanging.
    /// </summary>
    private async Task FlushAsync(Lane lane)
    {
        while (true)
        {
            List<PendingAck> batch;
            lock (_lanes)
            {
                if (lane.Waiting.Count == 0)
                {
                    // An idle partition keeps no lane: the table holds only partitions with acks going on.
                    lane.Flushing = false;
                    _lanes.Remove((lane.Queue, lane.Partition));
                    return;
                }

                batch = new List<PendingAck>(Math.Min(lane.Waiting.Count, QueueTable.MaxBatchMessages));
                while (batch.Count < QueueTable.MaxBatchMessages && lane.Waiting.TryDequeue(out var next))
                {
                    batch.Add(next);
                }
            }

            try
            {
                var outcomes = await SendAsync(lane.Queue, lane.Partition, [.. batch.Select(p => p.Receipt)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Outcome.TrySetResult(outcomes[i]);
                }
            }
            catch (Exception exception)
            {
                foreach (var pending in batch)
                {
                    pending.Outcome.TrySetException(exception);
                }
            }
        }
    }

    private async Task<IReadOnlyList<QueueErrorCode>> SendAsync(string queue, int partition, IReadOnlyList<QueueReceipt> receipts)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _acks, receipts.Count);
        var outcomes = await _ackBatch(queue, partition, receipts);
        return outcomes.Count == receipts.Count
            ? outcomes
            : throw new InvalidOperationException($"A batch ack of {receipts.Count} receipts answered {outcomes.Count} outcomes.");
    }

    private sealed class Lane(string queue, int partition)
    {
        public string Queue { get; } = queue;

        public int Partition { get; } = partition;

        public Queue<PendingAck> Waiting { get; } = new();

        public bool Flushing { get; set; }
    }

    private sealed class PendingAck(QueueReceipt receipt)
    {
        public QueueReceipt Receipt { get; } = receipt;

        public TaskCompletionSource<QueueErrorCode> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
