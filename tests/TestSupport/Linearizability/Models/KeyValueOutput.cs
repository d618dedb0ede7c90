namespace OrleansSync.TestSupport.Linearizability.Models;

/// <summary>
/// What a key-value operation answered, shaped like the key-value state machine's results
/// (<c>Grains/Raft/StateMachines/KeyValueStateMachine</c>).
/// </summary>
/// <param name="Succeeded">Get and Delete: the key existed. CompareAndSwap: the swap happened. Put and Append: true.</param>
/// <param name="Value">
/// Get: the value read. Put: the previous value. Delete: the removed value. CompareAndSwap: the new
/// value when swapped, else the current one. Append: the value after appending. Null means absent.
/// </param>
public sealed record KeyValueOutput(bool Succeeded, string? Value)
{
    public static KeyValueOutput Read(string? value) => new(value is not null, value);

    public static KeyValueOutput Put(string? previous) => new(true, previous);

    public static KeyValueOutput Deleted(string? removed) => new(removed is not null, removed);

    public static KeyValueOutput Swapped(string value) => new(true, value);

    public static KeyValueOutput NotSwapped(string? current) => new(false, current);

    public static KeyValueOutput Appended(string value) => new(true, value);

    public override string ToString() => (Succeeded ? string.Empty : "failed:") + (Value ?? "<absent>");
}
