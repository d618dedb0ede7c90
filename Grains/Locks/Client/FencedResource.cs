namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// A value guarded by a lock's fencing tokens: a write carrying a token lower than the highest
/// already seen is refused, so a holder that lost its lease (paused, partitioned) cannot
/// overwrite the work of the holder that replaced it. Thread-safe.
/// </summary>
public sealed class FencedResource<T>(T initial)
{
    private readonly Lock _lock = new();
    private ulong _highestToken;
    private T _value = initial;

    public T Value
    {
        get
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }

    /// <summary>Applies <paramref name="update"/> if <paramref name="fencingToken"/> is not stale.</summary>
    /// <exception cref="StaleFencingTokenException">A higher token was already seen.</exception>
    public T Write(ulong fencingToken, Func<T, T> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_lock)
        {
            if (fencingToken < _highestToken)
            {
                throw new StaleFencingTokenException(fencingToken, _highestToken);
            }

            _highestToken = fencingToken;
            _value = update(_value);
            return _value;
        }
    }
}
