using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>
/// The model's lock table: time, last applied index, how many fencing tokens were handed out,
/// open and expired leases, locks, and per lock the lowest bound of its newest token (tokens
/// must rise above it). Immutable; compared by a canonical rendering.
/// </summary>
public sealed class LeaseLockState : IEquatable<LeaseLockState>
{
    public LeaseLockState(
        long timeMs,
        ulong lastIndex,
        ulong tokensIssued,
        ImmutableSortedDictionary<ulong, LeaseRecord> leases,
        ImmutableSortedSet<ulong> expiredLeases,
        ImmutableSortedDictionary<string, LockRecord> locks,
        ImmutableSortedDictionary<string, ulong> tokenFloors)
    {
        TimeMs = timeMs;
        LastIndex = lastIndex;
        TokensIssued = tokensIssued;
        Leases = leases;
        ExpiredLeases = expiredLeases;
        Locks = locks;
        TokenFloors = tokenFloors;
        Key = Render();
    }

    public static LeaseLockState Empty { get; } = new(
        0,
        0,
        0,
        ImmutableSortedDictionary<ulong, LeaseRecord>.Empty,
        [],
        ImmutableSortedDictionary.Create<string, LockRecord>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, ulong>(StringComparer.Ordinal));

    /// <summary>Table time (ms): the time of the last applied command.</summary>
    public long TimeMs { get; }

    /// <summary>Log index of the last applied command.</summary>
    public ulong LastIndex { get; }

    /// <summary>Grants so far: the table's token counter, so no token may exceed it.</summary>
    public ulong TokensIssued { get; }

    public ImmutableSortedDictionary<ulong, LeaseRecord> Leases { get; }

    /// <summary>Leases that expired (a later command on them fails with LeaseExpired, not UnknownLease).</summary>
    public ImmutableSortedSet<ulong> ExpiredLeases { get; }

    public ImmutableSortedDictionary<string, LockRecord> Locks { get; }

    /// <summary>Per lock ever granted: the lowest possible value of its newest token; later grants must exceed it.</summary>
    public ImmutableSortedDictionary<string, ulong> TokenFloors { get; }

    /// <summary>The canonical rendering that equality and hashing use.</summary>
    public string Key { get; }

    public bool Equals(LeaseLockState? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as LeaseLockState);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    public override string ToString() => Key;

    private string Render()
    {
        var text = new StringBuilder(128);
        text.Append(CultureInfo.InvariantCulture, $"t{TimeMs} i{LastIndex} k{TokensIssued} L");
        foreach (var (id, lease) in Leases)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{id} {lease.TtlMs} {lease.ExpiresAtMs}]");
        }

        text.Append(" X").AppendJoin(',', ExpiredLeases).Append(" K");
        foreach (var (name, record) in Locks)
        {
            text.Append('{').Append(name);
            foreach (var (lease, holder) in record.Holders)
            {
                text.Append(CultureInfo.InvariantCulture, $" h{lease}:{holder.Mode}x{holder.Count}#{holder.TokenMin}-{holder.TokenMax}");
            }

            foreach (var waiter in record.Waiters)
            {
                text.Append(CultureInfo.InvariantCulture, $" w{waiter.LeaseId}:{waiter.Mode}{(waiter.IsUpgrade ? "^" : string.Empty)}/{waiter.WaitId}<{waiter.DeadlineMs}");
            }

            text.Append('}');
        }

        text.Append(" F");
        foreach (var (name, floor) in TokenFloors)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}>{floor};");
        }

        return text.ToString();
    }
}
