using System.Text;

namespace OrleansSync.Grains.Queues;

/// <summary>
/// A 64-bit hash that is the same on every machine, process and .NET version (unlike
/// <see cref="string.GetHashCode()"/>): FNV-1a over the UTF-8 bytes, then the SplitMix64 finalizer
/// so that similar strings ("q/1", "q/2") land far apart on the ring.
/// </summary>
internal static class StableHash
{
    public static ulong Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
