namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>
/// One line of a <see cref="NearCacheReadView"/>: immutable but for its use flag, replaced as a
/// whole on every change so a reader on another thread sees one consistent copy.
/// </summary>
internal sealed class NearCacheReadViewLine(object mirror, byte[]? value, ulong version, CacheLineState state, long liveUntilLocalMs)
{
    private int _used;

    /// <summary>The attachment that wrote it (a line of an earlier activation is never served).</summary>
    public object Mirror { get; } = mirror;

    public byte[]? Value { get; } = value;

    public ulong Version { get; } = version;

    public CacheLineState State { get; } = state;

    /// <summary>On the near cache's local clock: the copy must not be read from then on.</summary>
    public long LiveUntilLocalMs { get; } = liveUntilLocalMs;

    public void MarkUsed() => Volatile.Write(ref _used, 1);

    /// <summary>Whether it was read since the last call.</summary>
    public bool TakeUsed() => Interlocked.Exchange(ref _used, 0) == 1;

    /// <summary>Carries the use of the line this one replaces, so a renewal does not forget reads made just before it.</summary>
    public NearCacheReadViewLine InheritUse(NearCacheReadViewLine replaced)
    {
        if (replaced.TakeUsed())
        {
            MarkUsed();
        }

        return this;
    }
}
