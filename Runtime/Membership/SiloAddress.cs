using System.Globalization;
using System.Net;

namespace OrleansSync.Runtime.Membership;

/// <summary>
/// Identity of one silo incarnation: the endpoint other silos connect to plus a generation that
/// grows with every start of a silo on that endpoint. A silo declared dead never comes back under
/// the same generation; a restarted process joins with a new, higher one.
/// </summary>
public sealed class SiloAddress : IEquatable<SiloAddress>
{
    /// <summary>Creates an address; <paramref name="generation"/> must not be negative.</summary>
    public SiloAddress(IPEndPoint endpoint, long generation)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        Endpoint = endpoint;
        Generation = generation;
    }

    /// <summary>The endpoint silos and clients connect to (the advertised, not the bind, endpoint).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Incarnation number of the silo on <see cref="Endpoint"/>; higher means newer.</summary>
    public long Generation { get; }

    /// <summary>
    /// A generation for a silo starting now: milliseconds since the Unix epoch, so a restart on the
    /// same endpoint gets a higher generation than the previous incarnation.
    /// </summary>
    public static long NewGeneration(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
    }

    /// <summary>Parses the <see cref="ToString"/> form <c>host:port@generation</c>.</summary>
    public static SiloAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        if (at <= 0 || !IPEndPoint.TryParse(text[..at], out var endpoint)
            || !long.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            throw new FormatException($"'{text}' is not a silo address of the form host:port@generation.");
        }

        return new SiloAddress(endpoint, generation);
    }

    /// <summary>True when both addresses name the same endpoint (any generation).</summary>
    public bool IsSameEndpoint(SiloAddress other) => other is not null && Endpoint.Equals(other.Endpoint);

    public bool Equals(SiloAddress? other) =>
        other is not null && Generation == other.Generation && Endpoint.Equals(other.Endpoint);

    public override bool Equals(object? obj) => Equals(obj as SiloAddress);

    public override int GetHashCode() => HashCode.Combine(Endpoint, Generation);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Endpoint}@{Generation}");

    public static bool operator ==(SiloAddress? left, SiloAddress? right) => Equals(left, right);

    public static bool operator !=(SiloAddress? left, SiloAddress? right) => !Equals(left, right);
}
