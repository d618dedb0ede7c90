namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// A small replicated key-value map of strings for tests and the simulator. Commands and results
/// use <see cref="KeyValueCodec"/>; a malformed command or a write beyond a limit is answered with
/// an error status and changes nothing, the same on every replica.
/// </summary>
public sealed class KeyValueStateMachine : IReplicatedStateMachine
{
    public const int DefaultMaxKeys = 100_000;

    private const uint SnapshotMagic = 0x564B534F; // "OSKV"

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly int _maxKeys;

    /// <param name="maxKeys">Most keys stored; a write creating one more is answered <see cref="KeyValueResultStatus.LimitExceeded"/>.</param>
    public KeyValueStateMachine(int maxKeys = DefaultMaxKeys)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        _maxKeys = maxKeys;
    }

    public int Count => _values.Count;

    /// <summary>Number of commands applied (tests check exactly-once application with it).</summary>
    public long AppliedCommandCount { get; private set; }

    public ReadOnlyMemory<byte> Apply(ulong index, ReadOnlyMemory<byte> command)
    {
        AppliedCommandCount++;
        KeyValueCommand decoded;
        try
        {
            decoded = KeyValueCodec.DecodeCommand(command.Span);
        }
        catch (CommandFormatException)
        {
            return KeyValueCodec.EncodeResult(new KeyValueResult(KeyValueResultStatus.Malformed));
        }

        return KeyValueCodec.EncodeResult(Execute(decoded));
    }

    public ReadOnlyMemory<byte> Query(ReadOnlyMemory<byte> query)
    {
        var decoded = KeyValueCodec.DecodeCommand(query.Span);
        if (decoded.Kind != KeyValueCommandKind.Get)
        {
            throw new CommandFormatException($"Only Get can be a query, not {decoded.Kind}.");
        }

        return KeyValueCodec.EncodeResult(Execute(decoded));
    }

    /// <summary>The current value of <paramref name="key"/> (tests).</summary>
    public string? Read(string key) => _values.GetValueOrDefault(key);

    private KeyValueResult Execute(KeyValueCommand command)
    {
        var exists = _values.TryGetValue(command.Key, out var current);
        switch (command.Kind)
        {
            case KeyValueCommandKind.Get:
                return exists ? new KeyValueResult(KeyValueResultStatus.Ok, current) : new KeyValueResult(KeyValueResultStatus.NotFound);
            case KeyValueCommandKind.Put:
                return Write(command.Key, command.Value!, exists, resultValue: current);
            case KeyValueCommandKind.Delete:
                return _values.Remove(command.Key) ? new KeyValueResult(KeyValueResultStatus.Ok, current) : new KeyValueResult(KeyValueResultStatus.NotFound);
            case KeyValueCommandKind.CompareAndSwap:
                return current == command.Expected
                    ? Write(command.Key, command.Value!, exists, resultValue: command.Value)
                    : new KeyValueResult(KeyValueResultStatus.CompareFailed, current);
            default:
                var appended = (current ?? string.Empty) + command.Value;
                return BinaryBuilder.StrictUtf8.GetByteCount(appended) > KeyValueCodec.MaxValueBytes
                    ? new KeyValueResult(KeyValueResultStatus.LimitExceeded, current)
                    : Write(command.Key, appended, exists, resultValue: appended);
        }
    }

    private KeyValueResult Write(string key, string value, bool exists, string? resultValue)
    {
        if (!exists && _values.Count >= _maxKeys)
        {
            return new KeyValueResult(KeyValueResultStatus.LimitExceeded);
        }

        _values[key] = value;
        return new KeyValueResult(KeyValueResultStatus.Ok, resultValue);
    }

    /// <summary><c>[u32 magic "OSKV"][u32 count]([u16 key length][key][u32 value length][value])*</c>, keys in ordinal order.</summary>
    public byte[] Snapshot()
    {
        var builder = new BinaryBuilder().UInt32(SnapshotMagic).UInt32((uint)_values.Count);
        foreach (var (key, value) in _values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            builder.String16(key).String32(value);
        }

        return builder.ToArray();
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        var cursor = new BinaryCursor(snapshot.Span, "key-value snapshot");
        if (cursor.ReadUInt32("magic") != SnapshotMagic)
        {
            throw cursor.Fail("magic", "not a key-value snapshot");
        }

        var count = cursor.ReadUInt32("count");
        if (count > (uint)_maxKeys)
        {
            throw cursor.Fail("count", $"{count} keys exceed the limit of {_maxKeys}");
        }

        var values = new Dictionary<string, string>((int)count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = cursor.ReadString16("key", KeyValueCodec.MaxKeyBytes);
            if (key.Length == 0 || !values.TryAdd(key, cursor.ReadString32("value", KeyValueCodec.MaxValueBytes)))
            {
                throw cursor.Fail("key", "empty or duplicate key");
            }
        }

        cursor.ExpectEnd();
        _values.Clear();
        foreach (var (key, value) in values)
        {
            _values.Add(key, value);
        }
    }
}
