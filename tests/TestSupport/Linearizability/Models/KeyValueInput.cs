namespace OrleansSync.TestSupport.Linearizability.Models;

/// <summary>A key-value operation as the client issued it.</summary>
/// <param name="Kind">Which operation.</param>
/// <param name="Key">The key it touches (the partition).</param>
/// <param name="Value">Put's value, Append's suffix, or CompareAndSwap's new value.</param>
/// <param name="Expected">CompareAndSwap's expected current value; null means "absent".</param>
public sealed record KeyValueInput(KeyValueOperationKind Kind, string Key, string? Value = null, string? Expected = null)
{
    public static KeyValueInput Put(string key, string value) => new(KeyValueOperationKind.Put, key, value);

    public static KeyValueInput Get(string key) => new(KeyValueOperationKind.Get, key);

    public static KeyValueInput Delete(string key) => new(KeyValueOperationKind.Delete, key);

    public static KeyValueInput CompareAndSwap(string key, string? expected, string value) =>
        new(KeyValueOperationKind.CompareAndSwap, key, value, expected);

    public static KeyValueInput Append(string key, string suffix) => new(KeyValueOperationKind.Append, key, suffix);

    public override string ToString() => Kind switch
    {
        KeyValueOperationKind.Put => $"put({Key}, {Value})",
        KeyValueOperationKind.Get => $"get({Key})",
        KeyValueOperationKind.Delete => $"delete({Key})",
        KeyValueOperationKind.CompareAndSwap => $"cas({Key}, {Expected ?? "<absent>"} => {Value})",
        _ => $"append({Key}, {Value})",
    };
}
