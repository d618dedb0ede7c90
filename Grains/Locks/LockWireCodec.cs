using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Locks;

/// <summary>
/// Binary forms of what crosses the <see cref="LockStateMachine"/> boundary besides commands
/// (<see cref="LockCommandCodec"/>): results, queries and query answers.
/// Little-endian; strings are u16-length-prefixed strict UTF-8; malformed bytes raise
/// <see cref="CommandFormatException"/>.
/// </summary>
public static class LockWireCodec
{
    /// <summary>Most items in an encoded list (holders, waiters, edges).</summary>
    public const int MaxListItems = 1_000_000;

    private const int MaxTextBytes = 16 * 1024;

    /// <summary>Bound on one listed lock's encoding (its holders and queue).</summary>
    private const int MaxListedLockBytes = 64 * 1024 * 1024;

    public static byte[] EncodeResult(LockResult result) =>
        new BinaryBuilder(48)
            .Byte((byte)result.Status).Byte((byte)result.Error).UInt64(result.LeaseId).UInt64(result.FencingToken)
            .UInt64(result.WaitId).Int64(result.LeaseExpiresAtMs).String16(Truncate(result.Detail ?? string.Empty))
            .ToArray();

    public static LockResult DecodeResult(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "lock result");
        var status = (LockResultStatus)cursor.ReadByte("status");
        if (!Enum.IsDefined(status))
        {
            throw cursor.Fail("status", $"unknown status {(byte)status}");
        }

        var result = new LockResult
        {
            Status = status,
            Error = (LockErrorCode)cursor.ReadByte("error"),
            LeaseId = cursor.ReadUInt64("lease"),
            FencingToken = cursor.ReadUInt64("token"),
            WaitId = cursor.ReadUInt64("wait"),
            LeaseExpiresAtMs = cursor.ReadInt64("lease expiry"),
            Detail = NullIfEmpty(cursor.ReadString16("detail", MaxTextBytes)),
        };
        cursor.ExpectEnd();
        return result;
    }

    /// <summary>An event for a queued request, as a notification carries it to the waiting client.</summary>
    public static byte[] EncodeEvent(LockEvent lockEvent) =>
        new BinaryBuilder(48 + lockEvent.LockName.Length)
            .Byte((byte)lockEvent.Kind).String16(lockEvent.LockName).UInt64(lockEvent.LeaseId).UInt64(lockEvent.WaitId)
            .Byte((byte)lockEvent.Mode).UInt64(lockEvent.FencingToken).String16(Truncate(lockEvent.Detail ?? string.Empty))
            .ToArray();

    public static LockEvent DecodeEvent(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "lock event");
        var kind = (LockEventKind)cursor.ReadByte("kind");
        if (!Enum.IsDefined(kind))
        {
            throw cursor.Fail("kind", $"unknown event {(byte)kind}");
        }

        var lockEvent = new LockEvent(
            kind, cursor.ReadString16("lock", MaxTextBytes), cursor.ReadUInt64("lease"), cursor.ReadUInt64("wait"),
            (LockMode)cursor.ReadByte("mode"), cursor.ReadUInt64("token"), NullIfEmpty(cursor.ReadString16("detail", MaxTextBytes)));
        cursor.ExpectEnd();
        return lockEvent;
    }

    public static byte[] EncodeGetLock(string name) =>
        new BinaryBuilder(8 + name.Length).Byte((byte)LockQueryKind.GetLock).String16(name).ToArray();

    public static byte[] EncodeLastFencingTokenQuery(string name) =>
        new BinaryBuilder(8 + name.Length).Byte((byte)LockQueryKind.LastFencingToken).String16(name).ToArray();

    public static ulong DecodeLastFencingToken(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "last fencing token");
        var token = cursor.ReadUInt64("token");
        cursor.ExpectEnd();
        return token;
    }

    public static byte[] EncodeWaitForEdgesQuery() => [(byte)LockQueryKind.WaitForEdges];

    public static byte[] EncodeLeaseExpiryQuery(ulong leaseId) =>
        new BinaryBuilder(9).Byte((byte)LockQueryKind.LeaseExpiry).UInt64(leaseId).ToArray();

    public static byte[] EncodeListLocksQuery(string contains, int limit) =>
        new BinaryBuilder(8 + contains.Length).Byte((byte)LockQueryKind.ListLocks).String16(contains).UInt32((uint)Math.Max(0, limit)).ToArray();

    public static byte[] EncodeListing(LockListing listing)
    {
        var builder = new BinaryBuilder(64).UInt32((uint)listing.LockCount).UInt32((uint)listing.LeaseCount).Int64(listing.NowMs)
            .Byte(listing.Truncated ? (byte)1 : (byte)0).UInt32((uint)listing.Locks.Count);
        foreach (var info in listing.Locks)
        {
            builder.Bytes32(EncodeLockInfo(info));
        }

        builder.UInt32((uint)listing.Leases.Count);
        foreach (var lease in listing.Leases)
        {
            builder.UInt64(lease.LeaseId).String16(Truncate(lease.Owner)).Int64(lease.ExpiresAtMs);
        }

        return builder.ToArray();
    }

    public static LockListing DecodeListing(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "lock listing");
        var lockCount = (int)cursor.ReadUInt32("lock count");
        var leaseCount = (int)cursor.ReadUInt32("lease count");
        var nowMs = cursor.ReadInt64("now");
        var truncated = cursor.ReadByte("truncated") != 0;
        var locks = new List<LockInfo>();
        for (var i = ReadCount(ref cursor, "locks"); i > 0; i--)
        {
            locks.Add(DecodeLockInfo(cursor.ReadBytes32("lock", MaxListedLockBytes)) ?? throw cursor.Fail("lock", "a listed lock is absent"));
        }

        var leases = new List<LeaseInfo>();
        for (var i = ReadCount(ref cursor, "leases"); i > 0; i--)
        {
            leases.Add(new LeaseInfo(cursor.ReadUInt64("lease"), cursor.ReadString16("owner", MaxTextBytes), cursor.ReadInt64("expires")));
        }

        cursor.ExpectEnd();
        return new LockListing(lockCount, leaseCount, nowMs, locks, truncated, leases);
    }

    public static byte[] EncodeLockInfo(LockInfo? info)
    {
        var builder = new BinaryBuilder(64).Byte(info is null ? (byte)0 : (byte)1);
        if (info is null)
        {
            return builder.ToArray();
        }

        builder.String16(info.Name).UInt64(info.LastFencingToken).UInt32((uint)info.Holders.Count);
        foreach (var holder in info.Holders)
        {
            builder.UInt64(holder.LeaseId).Byte((byte)holder.Mode).UInt32((uint)holder.HoldCount).UInt64(holder.FencingToken);
        }

        builder.UInt32((uint)info.Waiters.Count);
        foreach (var waiter in info.Waiters)
        {
            builder.UInt64(waiter.LeaseId).UInt64(waiter.WaitId).Byte((byte)waiter.Mode).Byte(waiter.IsUpgrade ? (byte)1 : (byte)0)
                .Int64(waiter.DeadlineMs).Int64(waiter.WaitingSinceMs);
        }

        return builder.ToArray();
    }

    public static LockInfo? DecodeLockInfo(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "lock info");
        if (cursor.ReadByte("present") == 0)
        {
            cursor.ExpectEnd();
            return null;
        }

        var name = cursor.ReadString16("name", MaxTextBytes);
        var lastToken = cursor.ReadUInt64("last token");
        var holders = new List<LockHolderInfo>();
        for (var i = ReadCount(ref cursor, "holders"); i > 0; i--)
        {
            holders.Add(new LockHolderInfo(cursor.ReadUInt64("lease"), (LockMode)cursor.ReadByte("mode"), (int)cursor.ReadUInt32("count"), cursor.ReadUInt64("token")));
        }

        var waiters = new List<LockWaiterInfo>();
        for (var i = ReadCount(ref cursor, "waiters"); i > 0; i--)
        {
            waiters.Add(new LockWaiterInfo(
                cursor.ReadUInt64("lease"), cursor.ReadUInt64("wait"), (LockMode)cursor.ReadByte("mode"), cursor.ReadByte("upgrade") != 0,
                cursor.ReadInt64("deadline"), cursor.ReadInt64("since")));
        }

        cursor.ExpectEnd();
        return new LockInfo(name, holders, waiters, lastToken);
    }

    public static byte[] EncodeEdges(IReadOnlyCollection<WaitForEdge> edges)
    {
        var builder = new BinaryBuilder(16 + (edges.Count * 64)).UInt32((uint)edges.Count);
        foreach (var edge in edges)
        {
            builder.UInt32((uint)edge.GroupId).String16(edge.LockName).String16(edge.WaiterOwner).UInt64(edge.WaiterLeaseId)
                .UInt64(edge.WaitId).Int64(edge.WaitingSinceMs).String16(edge.BlockerOwner).UInt64(edge.BlockerTag);
        }

        return builder.ToArray();
    }

    public static IReadOnlyList<WaitForEdge> DecodeEdges(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "wait-for edges");
        var edges = new List<WaitForEdge>();
        for (var i = ReadCount(ref cursor, "edges"); i > 0; i--)
        {
            edges.Add(new WaitForEdge(
                (int)cursor.ReadUInt32("group"), cursor.ReadString16("lock", MaxTextBytes), cursor.ReadString16("waiter", MaxTextBytes),
                cursor.ReadUInt64("waiter lease"), cursor.ReadUInt64("wait"), cursor.ReadInt64("since"),
                cursor.ReadString16("blocker", MaxTextBytes), cursor.ReadUInt64("blocker tag")));
        }

        cursor.ExpectEnd();
        return edges;
    }

    private static uint ReadCount(ref BinaryCursor cursor, string field)
    {
        var count = cursor.ReadUInt32(field);
        return count <= MaxListItems ? count : throw cursor.Fail(field, $"{count} items exceed the limit of {MaxListItems}");
    }

    private static string Truncate(string text) => text.Length <= 4_096 ? text : text[..4_096];

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
