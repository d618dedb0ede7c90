using System.Collections.Concurrent;

namespace OrleansSync.Grains.Queues.Client;

/// <summary>
/// Keeps the deliveries of one receive hidden while the consumer works through them: every
/// interval it extends each one not yet settled. A delivery whose extend is refused with
/// <see cref="QueueErrorCode.ReceiptStale"/> is lost (its visibility lapsed first): its handler's
/// token is cancelled, because someone else may be handling the message by now. Any other failure
/// (a leader change, a timeout) is retried at the next beat, which the interval leaves time for.
/// </summary>
internal sealed class QueueHeartbeat : IAsyncDisposable
{
    private readonly Func<QueueReceipt, CancellationToken, Task> _extend;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop;

    /// <summary>Deliveries not yet settled, each with the token source its handler watches.</summary>
    private readonly ConcurrentDictionary<QueueReceipt, CancellationTokenSource> _held = new();

    /// <summary>Every delivery's token source, disposed only once the beats have stopped (a beat may still cancel one).</summary>
    private readonly List<CancellationTokenSource> _sources = [];

    /// <summary>Successful extends per delivery, reported in the outcome.</summary>
    private readonly ConcurrentDictionary<QueueReceipt, int> _extensions = new();

    /// <summary>Deliveries lost to a stale receipt, with the refusal.</summary>
    private readonly ConcurrentDictionary<QueueReceipt, QueueException> _lost = new();
    private readonly Task _loop;

    public QueueHeartbeat(
        IEnumerable<DeliveredMessage> batch, Func<QueueReceipt, CancellationToken, Task> extend, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        _extend = extend;
        _interval = interval;
        _time = time;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        foreach (var message in batch)
        {
            var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _sources.Add(source);
            _held[message.Receipt] = source;
        }

        _loop = Task.Run(() => BeatAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>The token a handler of this delivery watches: cancelled when the consumer stops or the delivery is lost.</summary>
    public CancellationToken TokenOf(QueueReceipt receipt) => _held.TryGetValue(receipt, out var source) ? source.Token : new CancellationToken(canceled: true);

    /// <summary>Stops extending this delivery; answers why it was lost, or null if it is still the consumer's to ack or nack.</summary>
    public QueueException? Settle(QueueReceipt receipt)
    {
        _held.TryRemove(receipt, out _);
        return _lost.GetValueOrDefault(receipt);
    }

    /// <summary>Extends that renewed this delivery so far.</summary>
    public int ExtensionsOf(QueueReceipt receipt) => _extensions.GetValueOrDefault(receipt);

    /// <summary>The deliveries not yet settled (the consumer gives them back when it stops early).</summary>
    public IReadOnlyCollection<QueueReceipt> Unsettled => [.. _held.Keys];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop; // BeatAsync ends on the stop without throwing
        _held.Clear();
        foreach (var source in _sources)
        {
            source.Dispose();
        }

        _stop.Dispose();
    }

    private async Task BeatAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, _time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // All at once: one after another, the last of a large receive could lapse behind the others' commits.
            await Task.WhenAll(_held.Keys.Select(receipt => ExtendAsync(receipt, stop)));
        }
    }

    private async Task ExtendAsync(QueueReceipt receipt, CancellationToken stop)
    {
        try
        {
            await _extend(receipt, stop);
            _extensions.AddOrUpdate(receipt, 1, (_, count) => count + 1);
        }
        catch (QueueException refused) when (refused.Code == QueueErrorCode.ReceiptStale)
        {
            _lost[receipt] = refused;
            if (_held.TryGetValue(receipt, out var source))
            {
                await source.CancelAsync();
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The consumer stopped while this extend was under way.
        }
        catch (Exception)
        {
            // Transient (leader change, timeout): the next beat tries again, within the visibility
            // timeout; if none gets through, the ack is refused as stale and the outcome says lost.
        }
    }
}
