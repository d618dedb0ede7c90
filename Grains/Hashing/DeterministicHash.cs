using System.Text;

namespace OrleansSync.Grains.Hashing;

/// <summary>
/// 64-bit FNV-1a with a final avalanche mix: the same value on every silo and every run
/// (<see cref="string.GetHashCode()"/> is randomized per process, so it cannot be used).
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
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return Mix(hash);
    }

    public static ulong Combine(ulong a, ulong b) => Mix(a ^ (b + 0x9E3779B97F4A7C15UL + (a << 6) + (a >> 2)));

    private static ulong Mix(ulong value)
    {
        value ^= value >> 33;
        value *= 0xFF51AFD7ED558CCDUL;
        value ^= value >> 33;
        value *= 0xC4CEB9FE1A85EC53UL;
        value ^= value >> 33;
        return value;
    }
}
