using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Cache;

/// <summary>Snapshot and restore: the directory's whole state as versioned, deterministic bytes.</summary>
internal sealed partial class CacheDirectory
{
    private const byte SnapshotFormatVersion = 1;

    /// <summary>The directory's state (not the undrained notifications and invalidations, which are volatile); equal states give equal bytes.</summary>
    public byte[] Snapshot()
    {
        var builder = new BinaryBuilder(256).Byte(SnapshotFormatVersion)
            .UInt64(_lastAppliedIndex).Int64(_nowMs).UInt64(_lastVersion).UInt32((uint)_entries.Count);
        foreach (var entry in _entries.Values)
        {
            WriteEntry(builder, entry);
        }

        return builder.ToArray();
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        ClearState();
        try
        {
            Read(snapshot.Span);
        }
        catch (CommandFormatException)
        {
            ClearState();
            throw;
        }
        catch (InvalidOperationException exception)
        {
            ClearState();
            throw new CommandFormatException($"Cache directory snapshot breaks an invariant: {exception.Message}", exception);
        }
    }

    private static void WriteEntry(BinaryBuilder builder, CacheEntry entry)
    {
        CacheCommandCodec.String(builder, entry.Key, CacheDirectoryOptions.CodecMaxKeyBytes, "key");
        if (entry.Value is { } value)
        {
            CacheCommandCodec.Value(builder.Byte(1), value);
        }
        else
        {
            builder.Byte(0);
        }

        builder.UInt64(entry.Version).Int64(entry.ExpiresAtMs).Byte((byte)entry.OwnerState);
        if (entry.Owner is { } owner)
        {
            WriteHolder(builder, owner);
        }

        builder.UInt32((uint)entry.Sharers.Count);
        foreach (var sharer in entry.Sharers.Values)
        {
            WriteHolder(builder, sharer);
        }

        if (entry.Pending is { } pending)
        {
            builder.Byte(1).Byte((byte)pending.Kind).UInt64(pending.OperationIndex);
            WriteOptionalRequest(builder, pending.Request);
            builder.Byte(pending.DirtyOwner is null ? (byte)0 : (byte)1);
            if (pending.DirtyOwner is { } dirtyOwner)
            {
                CacheCommandCodec.String(builder, dirtyOwner, CacheDirectoryOptions.CodecMaxSiloIdBytes, "silo id");
            }

            builder.UInt32((uint)pending.Waiting.Count);
            foreach (var waiting in pending.Waiting.Values)
            {
                WriteHolder(builder, waiting);
            }
        }
        else
        {
            builder.Byte(0);
        }

        builder.UInt32((uint)entry.Queue.Count);
        foreach (var request in entry.Queue)
        {
            WriteOptionalRequest(builder, request);
        }
    }

    private static void WriteHolder(BinaryBuilder builder, CacheHolder holder) =>
        CacheCommandCodec.String(builder, holder.Silo, CacheDirectoryOptions.CodecMaxSiloIdBytes, "silo id").UInt64(holder.GrantIndex).Int64(holder.LeaseEndMs);

    private static void WriteOptionalRequest(BinaryBuilder builder, CacheRequest? request)
    {
        if (request is null)
        {
            builder.Byte(0);
            return;
        }

        builder.Byte(1).UInt64(request.Index).Bytes32(CacheCommandCodec.Encode(request.Command));
    }

    private void Read(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "cache directory snapshot");
        var version = cursor.ReadByte("version");
        if (version != SnapshotFormatVersion)
        {
            throw cursor.Fail("version", $"unknown snapshot version {version}");
        }

        _lastAppliedIndex = cursor.ReadUInt64("last applied");
        _nowMs = cursor.ReadInt64("now");
        _lastVersion = cursor.ReadUInt64("last version");
        var count = cursor.ReadUInt32("entries");
        if (count > (uint)_options.MaxKeys)
        {
            throw cursor.Fail("entries", $"{count} exceeds {_options.MaxKeys}");
        }

        string? previous = null;
        for (var i = 0; i < count; i++)
        {
            var entry = ReadEntry(ref cursor);
            if (previous is not null && string.CompareOrdinal(previous, entry.Key) >= 0)
            {
                throw cursor.Fail("key", "keys are not in strictly increasing ordinal order");
            }

            previous = entry.Key;
            _entries.Add(entry.Key, entry);
            _totalValueBytes += entry.Value?.Length ?? 0;
            if (entry.Version > _lastVersion)
            {
                throw cursor.Fail("version", $"key '{entry.Key}' has version {entry.Version} above the last version {_lastVersion}");
            }

            AssertInvariants(entry);
            RefreshDeadline(entry);
            if (entry.Pending?.Request is { } pendingRequest)
            {
                _waitIds.Add(pendingRequest.Index);
            }

            foreach (var request in entry.Queue)
            {
                _waitIds.Add(request.Index);
            }
        }

        cursor.ExpectEnd();
    }

    private CacheEntry ReadEntry(ref BinaryCursor cursor)
    {
        var entry = new CacheEntry(CacheCommandCodec.Key(ref cursor));
        entry.Value = CacheCommandCodec.Flag(ref cursor, "has value") ? CacheCommandCodec.Value(ref cursor) : null;
        entry.Version = cursor.ReadUInt64("version");
        entry.ExpiresAtMs = cursor.ReadInt64("expires");
        entry.OwnerState = CacheResultCodec.State(ref cursor);
        if (entry.OwnerState != CacheLineState.Invalid)
        {
            entry.Owner = ReadHolder(ref cursor);
        }

        var sharers = BoundedCount(ref cursor, "sharers", _options.MaxHoldersPerKey);
        for (var i = 0; i < sharers; i++)
        {
            var sharer = ReadHolder(ref cursor);
            if (!entry.Sharers.TryAdd(sharer.Silo, sharer))
            {
                throw cursor.Fail("sharer", $"silo '{sharer.Silo}' appears twice");
            }
        }

        if (CacheCommandCodec.Flag(ref cursor, "has pending"))
        {
            entry.Pending = ReadPending(ref cursor);
        }

        var queued = BoundedCount(ref cursor, "queue", _options.MaxQueuedPerKey);
        for (var i = 0; i < queued; i++)
        {
            entry.Queue.Enqueue(ReadRequest(ref cursor) ?? throw cursor.Fail("queue", "an empty queued request"));
        }

        return entry;
    }

    private CachePendingOperation ReadPending(ref BinaryCursor cursor)
    {
        var kind = (CachePendingKind)cursor.ReadByte("pending kind");
        if (!Enum.IsDefined(kind))
        {
            throw cursor.Fail("pending kind", $"unknown pending kind {(byte)kind}");
        }

        var operationIndex = cursor.ReadUInt64("operation");
        var request = ReadRequest(ref cursor);
        var expected = kind switch
        {
            CachePendingKind.Write => typeof(CacheWriteCommand),
            CachePendingKind.Recall => typeof(CacheFillCommand),
            _ => null,
        };
        if (request?.Command.GetType() != expected)
        {
            throw cursor.Fail("pending request", $"a {kind} operation needs a {expected?.Name ?? "missing"} request");
        }

        var dirtyOwner = CacheCommandCodec.Flag(ref cursor, "has dirty owner") ? CacheCommandCodec.Silo(ref cursor) : null;
        var pending = new CachePendingOperation(kind, operationIndex, request, dirtyOwner);
        var waiting = BoundedCount(ref cursor, "waiting", _options.MaxHoldersPerKey);
        for (var i = 0; i < waiting; i++)
        {
            var holder = ReadHolder(ref cursor);
            if (!pending.Waiting.TryAdd(holder.Silo, holder))
            {
                throw cursor.Fail("waiting", "a silo appears twice");
            }
        }

        return pending;
    }

    private static CacheRequest? ReadRequest(ref BinaryCursor cursor)
    {
        if (!CacheCommandCodec.Flag(ref cursor, "has request"))
        {
            return null;
        }

        var index = cursor.ReadUInt64("request index");
        var command = CacheCommandCodec.Decode(cursor.ReadBytes32("request", CacheDirectoryOptions.CodecMaxValueBytes + (2 * CacheDirectoryOptions.CodecMaxKeyBytes)));
        return command is CacheFillCommand or CacheWriteCommand
            ? new CacheRequest(index, command)
            : throw cursor.Fail("request", $"a queued {command.GetType().Name} (only fills and writes queue)");
    }

    private static CacheHolder ReadHolder(ref BinaryCursor cursor) =>
        new(CacheCommandCodec.Silo(ref cursor), cursor.ReadUInt64("grant"), cursor.ReadInt64("lease end"));

    private static int BoundedCount(ref BinaryCursor cursor, string field, int max)
    {
        var count = cursor.ReadUInt32(field);
        return count <= (uint)max ? (int)count : throw cursor.Fail(field, $"{count} exceeds {max}");
    }

    private void ClearState()
    {
        _entries.Clear();
        _deadlines.Clear();
        _deadlineOfKey.Clear();
        _waitIds.Clear();
        _notifications.Clear();
        _invalidations.Clear();
        _lastAppliedIndex = 0;
        _nowMs = 0;
        _lastVersion = 0;
        _totalValueBytes = 0;
    }
}
