using System.Globalization;
using OrleansSync.Runtime.Redis;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>
/// An <see cref="IRaftLogStore"/> in Redis, so a Raft peer's state does not live on one silo's disk.
/// Three keys per node: <c>{prefix}{len}:{node}:hard</c> (string), <c>…:snapshot</c> (string) and
/// <c>…:log</c> (hash: decimal index → entry). Writes are buffered until <see cref="Sync"/>, which
/// sends them as one <c>MULTI</c>/<c>EXEC</c> transaction on a blocking connection: all of a
/// batch becomes visible, or none of it. Durability is the server's (<c>appendfsync always</c>).
/// </summary>
/// <remarks>
/// A failed <see cref="Sync"/> (connection lost, timeout) may or may not have committed the batch,
/// so the store stops accepting writes: dispose it and open a new one, whose <see cref="Load"/>
/// reads what is durable. Entries are kept in memory (with data) like <see cref="MemoryRaftLogStore"/>.
/// Not thread-safe, like every store.
/// </remarks>
public sealed class RedisRaftLogStore : IRaftLogStore
{
    private readonly RedisRaftLogStoreOptions _options;
    private readonly RedisBlockingConnection _connection;
    private readonly string _hardStateKey;
    private readonly string _snapshotKey;
    private readonly string _logKey;

    /// <summary>The state as the store's callers see it (validation, and the source of what Sync writes).</summary>
    private RaftLogImage _current = RaftLogImage.From(PersistedRaftState.Empty);

    /// <summary>Entry indexes stored in Redis as of the last Sync: [first, last]; empty when first &gt; last.</summary>
    private ulong _durableFirst = 1;
    private ulong _durableLast;

    /// <summary>Lowest index appended since the last Sync (entries from here to the last index are written).</summary>
    private ulong _dirtyFrom = ulong.MaxValue;

    private HardState? _pendingHardState;
    private RaftSnapshot? _pendingSnapshot;
    private bool _loaded;
    private bool _failed;
    private bool _disposed;

    public RedisRaftLogStore(RedisRaftLogStoreOptions options, string nodeKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(nodeKey);
        var validation = new RedisRaftLogStoreOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException("invalid RedisRaftLogStoreOptions: " + validation.FailureMessage, nameof(options));
        }

        _options = options;
        _connection = new RedisBlockingConnection(options.Redis);
        var node = string.Create(CultureInfo.InvariantCulture, $"{options.KeyPrefix}{nodeKey.Length}:{nodeKey}");
        _hardStateKey = node + ":hard";
        _snapshotKey = node + ":snapshot";
        _logKey = node + ":log";
    }

    /// <summary>Number of completed <see cref="Sync"/> calls that wrote something.</summary>
    public long SyncCount { get; private set; }

    public PersistedRaftState Load()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_loaded)
        {
            throw new InvalidOperationException("Load is called once, before any write.");
        }

        var replies = _connection.ExecuteBatch([["GET", _hardStateKey], ["GET", _snapshotKey], ["HGETALL", _logKey]]);
        var hardState = RedisBlockingConnection.ThrowIfError(replies[0]).IsNull ? HardState.Empty : RedisRaftLogCodec.DecodeHardState(replies[0].Bytes.Span);
        var snapshot = RedisBlockingConnection.ThrowIfError(replies[1]).IsNull ? null : RedisRaftLogCodec.DecodeSnapshot(replies[1].Bytes);
        var entries = DecodeLog(RedisBlockingConnection.ThrowIfError(replies[2]), snapshot?.Index ?? 0);
        var state = new PersistedRaftState(hardState, snapshot, entries);
        _current = RaftLogImage.From(state);
        (_durableFirst, _durableLast) = entries.Count == 0 ? (1UL, 0UL) : (entries[0].Index, entries[^1].Index);
        _loaded = true;
        return state;
    }

    public void Append(IReadOnlyList<LogEntry> entries)
    {
        EnsureWritable();
        _current.ValidateAppend(entries);
        if (entries.Count == 0)
        {
            return;
        }

        _current.Append([.. entries]);
        _dirtyFrom = Math.Min(_dirtyFrom, entries[0].Index);
    }

    public void SaveHardState(HardState hardState)
    {
        EnsureWritable();
        _current.HardState = hardState;
        _pendingHardState = hardState;
    }

    public void SaveSnapshot(RaftSnapshot snapshot)
    {
        EnsureWritable();
        _current.SaveSnapshot(snapshot);
        _pendingSnapshot = snapshot;
    }

    public void Sync()
    {
        EnsureWritable();
        var commands = BuildTransaction();
        if (commands.Count == 2)
        {
            return;
        }

        _failed = true;
        var replies = _connection.ExecuteBatch(commands);
        CheckTransaction(replies);
        _failed = false;
        (_durableFirst, _durableLast) = (_current.FirstIndex, _current.LastIndex);
        _dirtyFrom = ulong.MaxValue;
        _pendingHardState = null;
        _pendingSnapshot = null;
        SyncCount++;
    }

    /// <summary>Drops unsynced writes, as a crash would.</summary>
    public void Dispose()
    {
        _disposed = true;
        _connection.Dispose();
    }

    private static List<LogEntry> DecodeLog(RedisReply log, ulong snapshotIndex)
    {
        var entries = new List<LogEntry>(log.Elements.Count / 2);
        for (var i = 0; i + 1 < log.Elements.Count; i += 2)
        {
            if (!ulong.TryParse(log.Elements[i].AsString(), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw new RaftStorageCorruptedException($"The stored log has a field that is not an index: '{log.Elements[i].AsString()}'.");
            }

            entries.Add(RedisRaftLogCodec.DecodeEntry(index, log.Elements[i + 1].Bytes));
        }

        entries.Sort((a, b) => a.Index.CompareTo(b.Index));
        for (var i = 0; i < entries.Count; i++)
        {
            var expected = i == 0 ? Math.Max(entries[0].Index, snapshotIndex + 1) : entries[i - 1].Index + 1;
            if (entries[i].Index != expected)
            {
                throw new RaftStorageCorruptedException($"The stored log is not contiguous after the snapshot at {snapshotIndex}: entry {entries[i].Index} where {expected} was expected.");
            }
        }

        return entries;
    }

    /// <summary>MULTI, the changes since the last Sync, EXEC: stale entry fields go, rewritten entries are set.</summary>
    private List<IReadOnlyList<RedisValue>> BuildTransaction()
    {
        var commands = new List<IReadOnlyList<RedisValue>> { new RedisValue[] { "MULTI" } };
        if (_pendingHardState is { } hardState)
        {
            commands.Add(["SET", _hardStateKey, RedisRaftLogCodec.EncodeHardState(hardState)]);
        }

        if (_pendingSnapshot is { } snapshot)
        {
            commands.Add(["SET", _snapshotKey, RedisRaftLogCodec.EncodeSnapshot(snapshot)]);
        }

        // What Redis holds but the current log does not: below its first index, above its last.
        AddDeletes(commands, _durableFirst, Math.Min(_durableLast, _current.FirstIndex - 1));
        AddDeletes(commands, Math.Max(_durableFirst, _current.LastIndex + 1), _durableLast);
        AddSets(commands, Math.Max(_dirtyFrom, _current.FirstIndex), _current.LastIndex);
        commands.Add(new RedisValue[] { "EXEC" });
        return commands;
    }

    private void AddDeletes(List<IReadOnlyList<RedisValue>> commands, ulong first, ulong last)
    {
        for (var start = first; start <= last && start != 0; start += (ulong)_options.MaxEntriesPerCommand)
        {
            var end = Math.Min(last, start + (ulong)_options.MaxEntriesPerCommand - 1);
            var command = new List<RedisValue> { "HDEL", _logKey };
            for (var index = start; index <= end; index++)
            {
                command.Add(index.ToString(CultureInfo.InvariantCulture));
            }

            commands.Add(command);
        }
    }

    private void AddSets(List<IReadOnlyList<RedisValue>> commands, ulong first, ulong last)
    {
        for (var start = first; start <= last; start += (ulong)_options.MaxEntriesPerCommand)
        {
            var end = Math.Min(last, start + (ulong)_options.MaxEntriesPerCommand - 1);
            var command = new List<RedisValue> { "HSET", _logKey };
            for (var index = start; index <= end; index++)
            {
                command.Add(index.ToString(CultureInfo.InvariantCulture));
                command.Add(RedisRaftLogCodec.EncodeEntry(_current.EntryAt(index)));
            }

            commands.Add(command);
        }
    }

    /// <summary>MULTI answers OK, each command QUEUED, and EXEC an array of results (null or an error if it aborted).</summary>
    private static void CheckTransaction(IReadOnlyList<RedisReply> replies)
    {
        foreach (var reply in replies.Take(replies.Count - 1))
        {
            RedisBlockingConnection.ThrowIfError(reply);
        }

        var exec = RedisBlockingConnection.ThrowIfError(replies[^1]);
        if (exec.IsNull)
        {
            throw new RedisServerException("EXECABORT the Sync transaction was aborted; nothing was written");
        }

        foreach (var result in exec.Elements)
        {
            RedisBlockingConnection.ThrowIfError(result);
        }
    }

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_loaded)
        {
            throw new InvalidOperationException("Call Load before writing.");
        }

        if (_failed)
        {
            throw new InvalidOperationException("A Sync failed and may or may not have been applied; dispose this store and open a new one to Load what is durable.");
        }
    }
}
