namespace OrleansSync.Grains.Cache;

/// <summary>
/// Told synchronously of every change to a <see cref="NearCache"/>'s lines, from inside the call
/// that makes it: a line installed or changed (value, state or lease), or a line gone. A host
/// mirrors the lines into a structure that other threads read (the silo's read view); because
/// <see cref="Removed"/> runs before <see cref="NearCache.OnInvalidation"/> returns its ack, a
/// mirror never serves a copy the directory was told is gone.
/// </summary>
internal interface INearCacheLineObserver
{
    /// <summary>The line of <paramref name="key"/> is now as given (a new line, or a changed one).</summary>
    void Changed(string key, byte[]? value, ulong version, CacheLineState state, long liveUntilLocalMs);

    /// <summary>The line of <paramref name="key"/> is gone.</summary>
    void Removed(string key);
}
