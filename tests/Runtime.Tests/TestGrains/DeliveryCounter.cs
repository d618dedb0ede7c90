using System.Collections.Concurrent;

namespace OrleansSync.Runtime.Tests.TestGrains;

/// <summary>
/// Counts the stream items grains of one key handled, outside the grain, so a test can wait for
/// deliveries that happen after OnNextAsync returned (Redis pub/sub) without a grain call that
/// would hold the grain's turn.
/// </summary>
public sealed class DeliveryCounter
{
    private static readonly ConcurrentDictionary<string, DeliveryCounter> Counters = new();

    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _count;

    public static DeliveryCounter For(string grainKey) => Counters.GetOrAdd(grainKey, _ => new DeliveryCounter());

    public void Increment()
    {
        lock (_lock)
        {
            _count++;
            foreach (var (count, reached) in _waiters.Where(w => w.Count <= _count))
            {
                reached.TrySetResult();
            }

            _waiters.RemoveAll(w => w.Count <= _count);
        }
    }

    /// <summary>Completes once <paramref name="count"/> items were handled in total, or after <paramref name="timeout"/> (returning false).</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_count >= count)
            {
                return true;
            }

            _waiters.Add((count, reached));
        }

        try
        {
            await reached.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
