using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Queues;

/// <summary>Snapshot and restore: the table's whole state as versioned bytes, every collection in sorted order.</summary>
public sealed partial class QueueTable
{
    private const byte SnapshotFormatVersion = 1;

    /// <summary>The table's state; <see cref="Restore"/> of these bytes gives an equal table, and equal tables give equal bytes.</summary>
    public byte[] Snapshot()
    {
        var builder = new BinaryBuilder(256).Byte(SnapshotFormatVersion).UInt64(_lastAppliedIndex).Int64(_nowMs).UInt64(_lastMessageId);
        builder.UInt32((uint)_queues.Count);
        foreach (var definition in _queues.Values)
        {
            QueueCommandCodec.WriteOptions(QueueCommandCodec.Name(builder, definition.Name), definition.Options);
            builder.UInt32((uint)definition.Partitions.Count);
            foreach (var partition in definition.Partitions.Values)
            {
                partition.Write(builder);
            }
        }

        return builder.ToArray();
    }

    /// <summary>Replaces the table's state with a snapshot's.</summary>
    /// <exception cref="CommandFormatException">The bytes are not a snapshot of this format (the table is then empty).</exception>
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        ClearState();
        try
        {
            ReadSnapshot(snapshot);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or CommandFormatException)
        {
            ClearState();
            throw exception as CommandFormatException ?? new CommandFormatException($"Malformed queue table snapshot: {exception.Message}", exception);
        }
    }

    private void ReadSnapshot(ReadOnlySpan<byte> snapshot)
    {
        var cursor = new BinaryCursor(snapshot, "queue table snapshot");
        var version = cursor.ReadByte("version");
        if (version != SnapshotFormatVersion)
        {
            throw cursor.Fail("version", $"unknown version {version}");
        }

        _lastAppliedIndex = cursor.ReadUInt64("last applied index");
        _nowMs = cursor.ReadInt64("now");
        _lastMessageId = cursor.ReadUInt64("last message id");
        var queueCount = cursor.ReadUInt32("queue count");
        if (queueCount > (uint)_options.MaxQueues)
        {
            throw cursor.Fail("queue count", $"{queueCount} exceeds the limit of {_options.MaxQueues}");
        }

        for (var q = 0; q < queueCount; q++)
        {
            var name = QueueCommandCodec.ReadName(ref cursor, "queue");
            var options = QueueCommandCodec.ReadOptions(ref cursor);
            if (ValidateName(name) is { } badName || options.DeadLetterQueue is null || options.Validate() is { } badOptions)
            {
                throw cursor.Fail("queue", $"queue '{name}' has an invalid name or options");
            }

            var definition = new QueueDefinition(name, options);
            _queues.Add(name, definition);
            var partitionCount = cursor.ReadUInt32("partition count");
            if (partitionCount > (uint)options.Partitions || _partitionObjects + partitionCount > _options.MaxPartitionObjects)
            {
                throw cursor.Fail("partition count", $"{partitionCount} partitions of '{name}' exceed its partitions or the group's bound");
            }

            for (var p = 0; p < partitionCount; p++)
            {
                var partition = QueuePartition.Read(ref cursor, options, _options.MaxMessagesPerPartition + _options.MaxWaitsPerPartition);
                definition.Partitions.Add(partition.Number, partition);
                _partitionObjects++;
                foreach (var waitId in partition.WaitIds)
                {
                    _waitIds.Add(waitId);
                }

                Reschedule(name, partition);
            }
        }

        cursor.ExpectEnd();
    }

    private void ClearState()
    {
        _queues.Clear();
        _deadlines.Clear();
        _deadlineOf.Clear();
        _waitIds.Clear();
        _partitionObjects = 0;
        _lastAppliedIndex = 0;
        _nowMs = 0;
        _lastMessageId = 0;
    }
}
