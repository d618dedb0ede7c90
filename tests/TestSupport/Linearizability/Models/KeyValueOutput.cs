namespace OrleansSync.TestSupport.Linearizability.Models;

/// <summary>What a key-value operation answered.</summary>
/// <param name="Succeeded">Delete: the key existed. CompareAndSwap: the swap happened. Put: true.</param>
/// <param name="Value">Get: the value read (null: absent). Append: the value after appending.</param>
public sealed record KeyValueOutput(bool Succeeded, string? Value)
{
    public static KeyValueOutput Ok { get; } = new(true, null);

    public static KeyValueOutput Read(string? value) => new(true, value);

    public static KeyValueOutput Flag(bool succeeded) => new(succeeded, null);

    public static KeyValueOutput Appended(string value) => new(true, value);

    public override string ToString() => Value is null ? (Succeeded ? "ok" : "false") : Value;
}
