using System.Text;

namespace OrleansSync.Grains.Hashing;

/// <summary>
/// The one 64-bit hash that is the same on every machine, process and run
/// (<see cref="string.GetHashCode()"/> is randomized per process): FNV-1a over the UTF-8 bytes,
/// then the SplitMix64 finalizer, because FNV alone leaves the high bits of short, similar strings
/// ("q/1", "q/2") clustered, and rings order by them. Lock names, queue partitions and cache keys
/// map to Raft groups through it, so it is part of the wire contract: never change it.
/// </summary>
internal static class DeterministicHash
{
    public static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return Mix(hash);
    }

    /// <summary>Combines two hashes (rendezvous scores: key hash with candidate hash).</summary>
    public static ulong Combine(ulong a, ulong b) => Mix(a ^ (b + 0x9E3779B97F4A7C15UL + (a << 6) + (a >> 2)));

    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
