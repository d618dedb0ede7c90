namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>A command for the <see cref="KeyValueStateMachine"/>.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="Key">Non-empty key, at most <see cref="KeyValueCodec.MaxKeyBytes"/> UTF-8 bytes.</param>
/// <param name="Value">The value to write (Put, CompareAndSwap, Append); null otherwise.</param>
/// <param name="Expected">For CompareAndSwap, the value that must be present (null: the key must be absent); null otherwise.</param>
public sealed record KeyValueCommand(KeyValueCommandKind Kind, string Key, string? Value = null, string? Expected = null)
{
    public static KeyValueCommand Get(string key) => new(KeyValueCommandKind.Get, key);

    public static KeyValueCommand Put(string key, string value) => new(KeyValueCommandKind.Put, key, value);

    public static KeyValueCommand Delete(string key) => new(KeyValueCommandKind.Delete, key);

    public static KeyValueCommand CompareAndSwap(string key, string? expected, string value) => new(KeyValueCommandKind.CompareAndSwap, key, value, expected);

    public static KeyValueCommand Append(string key, string suffix) => new(KeyValueCommandKind.Append, key, suffix);
}
