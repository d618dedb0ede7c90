using System.Text;

namespace OrleansSync.Runtime.Generators;

/// <summary>FNV-1a over UTF-8: method ids that stay the same across builds and machines.</summary>
internal static class StableHash
{
    public static uint Fnv1a32(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }
}
