using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>Snapshot and restore: the table's whole state as versioned bytes.</summary>
public sealed partial class LockTable
{
    /// <summary>Version 2 adds the free locks' last tokens; version 1 snapshots (without them) still restore.</summary>
    private const byte SnapshotFormatVersion = 2;

    private const byte SnapshotFormatVersionWithoutFreeLocks = 1;

    /// <summary>The table's state; <see cref="Restore"/> of these bytes gives an equal table.</summary>
    public byte[] Snapshot()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(SnapshotFormatVersion);
            writer.Write(_lastAppliedIndex);
            writer.Write(_nowMs);
            writer.Write(_lastFencingToken);
            writer.Write(_leases.Count);
            foreach (var lease in _leases.Values)
            {
                writer.Write(lease.Id);
                writer.Write(lease.Owner);
                writer.Write(lease.TtlMs);
                writer.Write(lease.ExpiresAtMs);
            }

            writer.Write(_locks.Count);
            foreach (var state in _locks.Values)
            {
                WriteLock(writer, state);
            }

            writer.Write(_recentlyExpired.Count);
            foreach (var leaseId in _recentlyExpired)
            {
                writer.Write(leaseId);
            }

            WriteFreeLocks(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Replaces the table's state with a snapshot's.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a snapshot of this format.</exception>
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        ClearState();
        using var stream = new MemoryStream(snapshot.ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            var version = reader.ReadByte();
            if (version is not (SnapshotFormatVersion or SnapshotFormatVersionWithoutFreeLocks))
            {
                throw new InvalidDataException($"Lock table snapshot version {version} is not supported (expected {SnapshotFormatVersion}).");
            }

            _lastAppliedIndex = reader.ReadUInt64();
            _nowMs = reader.ReadInt64();
            _lastFencingToken = reader.ReadUInt64();
            ReadLeases(reader);
            var lockCount = ReadCount(reader, _options.MaxLocks);
            for (var i = 0; i < lockCount; i++)
            {
                ReadLock(reader);
            }

            var expiredCount = ReadCount(reader, RecentlyExpiredCapacity);
            for (var i = 0; i < expiredCount; i++)
            {
                RememberExpired(reader.ReadUInt64());
            }

            if (version == SnapshotFormatVersion)
            {
                ReadFreeLocks(reader);
            }
        }
        catch (Exception exception) when (exception is EndOfStreamException or KeyNotFoundException or ArgumentException)
        {
            ClearState();
            throw new InvalidDataException("Lock table snapshot is truncated or inconsistent.", exception);
        }

        if (stream.Position != stream.Length)
        {
            ClearState();
            throw new InvalidDataException("Lock table snapshot has trailing bytes.");
        }
    }

    private static void WriteLock(BinaryWriter writer, LockState state)
    {
        writer.Write(state.Name);
        writer.Write(state.LastFencingToken);
        writer.Write(state.Holders.Count);
        foreach (var holding in state.Holders.Values)
        {
            writer.Write(holding.LeaseId);
            writer.Write((byte)holding.Mode);
            writer.Write(holding.HoldCount);
            writer.Write(holding.FencingToken);
        }

        writer.Write(state.Waiters.Count);
        foreach (var waiter in state.Waiters)
        {
            writer.Write(waiter.WaitId);
            writer.Write(waiter.LeaseId);
            writer.Write((byte)waiter.Mode);
            writer.Write(waiter.IsUpgrade);
            writer.Write(waiter.DeadlineMs);
            writer.Write(waiter.WaitingSinceMs);
        }
    }

    private void ReadLeases(BinaryReader reader)
    {
        var count = ReadCount(reader, _options.MaxLeases);
        for (var i = 0; i < count; i++)
        {
            var lease = new Lease(reader.ReadUInt64(), reader.ReadString(), reader.ReadInt64(), reader.ReadInt64());
            _leases.Add(lease.Id, lease);
            _leaseDeadlines.Add((lease.ExpiresAtMs, lease.Id));
        }
    }

    private void ReadLock(BinaryReader reader)
    {
        var state = new LockState(reader.ReadString()) { LastFencingToken = reader.ReadUInt64() };
        _locks.Add(state.Name, state);
        var holderCount = ReadCount(reader, _options.MaxLeases);
        for (var i = 0; i < holderCount; i++)
        {
            var lease = _leases[reader.ReadUInt64()];
            var holding = new Holding(lease.Id, ReadMode(reader), 0) { HoldCount = reader.ReadInt32(), FencingToken = reader.ReadUInt64() };
            state.Holders.Add(lease.Id, holding);
            lease.HeldLocks.Add(state.Name);
        }

        var waiterCount = ReadCount(reader, _options.MaxWaitersPerLock);
        for (var i = 0; i < waiterCount; i++)
        {
            var waitId = reader.ReadUInt64();
            var lease = _leases[reader.ReadUInt64()];
            var waiter = new Waiter(waitId, lease.Id, ReadMode(reader), reader.ReadBoolean(), reader.ReadInt64(), reader.ReadInt64());
            Enqueue(state, lease, waiter, atFront: false);
        }
    }

    private static LockMode ReadMode(BinaryReader reader)
    {
        var mode = (LockMode)reader.ReadByte();
        return mode is LockMode.Shared or LockMode.Exclusive
            ? mode
            : throw new InvalidDataException($"Lock table snapshot holds an unknown lock mode {(byte)mode}.");
    }

    private static int ReadCount(BinaryReader reader, int max)
    {
        var count = reader.ReadInt32();
        return count >= 0 && count <= max
            ? count
            : throw new InvalidDataException($"Lock table snapshot holds a count {count} outside [0, {max}].");
    }

    private void ClearState()
    {
        _locks.Clear();
        _leases.Clear();
        _leaseDeadlines.Clear();
        _waitDeadlines.Clear();
        _lockOfWait.Clear();
        _recentlyExpired.Clear();
        _recentlyExpiredSet.Clear();
        ClearFreeLocks();
        _lastAppliedIndex = 0;
        _nowMs = 0;
        _lastFencingToken = 0;
    }
}
