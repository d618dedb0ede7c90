using System.Security.Cryptography;
using System.Text;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// A Lua script and its SHA-1, so <see cref="RedisClient.EvaluateAsync"/> can send the short
/// <c>EVALSHA</c> and fall back to <c>EVAL</c> (which also caches it) when the server answers NOSCRIPT.
/// </summary>
public sealed class RedisScript
{
    public RedisScript(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        Text = text;
        Sha1Hex = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The Lua source.</summary>
    public string Text { get; }

    /// <summary>Lower-case hex SHA-1 of the UTF-8 source, as Redis computes it.</summary>
    public string Sha1Hex { get; }
}
