using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrleansSync.Runtime.Redis;

/// <summary>A Redis server address parsed from <c>host:port</c> (<c>[::1]:6379</c> for IPv6; the port defaults to 6379).</summary>
public readonly record struct RedisEndpoint(string Host, int Port)
{
    /// <summary>The port Redis listens on unless told otherwise.</summary>
    public const int DefaultPort = 6379;

    public static RedisEndpoint Parse(string text) =>
        TryParse(text, out var endpoint, out var error) ? endpoint : throw new FormatException(error);

    public static bool TryParse(string? text, out RedisEndpoint endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the Redis endpoint is empty; expected host:port such as localhost:6379";
            return false;
        }

        var trimmed = text.Trim();
        if (!TrySplit(trimmed, out var host, out var portText))
        {
            error = $"invalid Redis endpoint '{text}': an IPv6 address must be written [address]:port";
            return false;
        }

        var port = DefaultPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"invalid Redis endpoint '{text}': the port must be a number from 1 to 65535";
            return false;
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            error = $"invalid Redis endpoint '{text}': the host is empty or contains spaces";
            return false;
        }

        endpoint = new RedisEndpoint(host, port);
        error = null;
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    private static bool TrySplit(string text, out string host, out string? portText)
    {
        portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? string.Empty : text[1..close];
            var rest = close < 0 ? string.Empty : text[(close + 1)..];
            if (close < 0 || (rest.Length > 0 && !rest.StartsWith(':')))
            {
                return false;
            }

            portText = rest.Length > 0 ? rest[1..] : null;
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) != colon)
        {
            host = text;
            return false;
        }

        host = colon < 0 ? text : text[..colon];
        portText = colon < 0 ? null : text[(colon + 1)..];
        return true;
    }
}
