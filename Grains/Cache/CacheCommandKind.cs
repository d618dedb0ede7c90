namespace OrleansSync.Grains.Cache;

/// <summary>The kind byte of an encoded <see cref="CacheCommand"/>.</summary>
internal enum CacheCommandKind : byte
{
    Fill = 1,
    Write = 2,
    Ack = 3,
    Renew = 4,
    Evict = 5,
    WriteBack = 6,
    Expire = 7,
}
