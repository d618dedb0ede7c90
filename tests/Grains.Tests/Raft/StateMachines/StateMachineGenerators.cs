using FsCheck;
using FsCheck.Fluent;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Raft.StateMachines;

/// <summary>FsCheck generators for state-machine commands and results.</summary>
internal static class StateMachineGenerators
{
    /// <summary>Fragments that exercise 1-, 2-, 3- and 4-byte UTF-8 (the last is a surrogate pair).</summary>
    private static readonly string[] Fragments = ["a", "b", "z", "0", " ", "é", "ß", "中", "😀", "key", "/"];

    public static Gen<byte[]> Bytes(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 255).Select(value => (byte)value), length));

    public static Gen<ulong> UInt64 =>
        Gen.Frequency(
            (1, Gen.Elements(0UL, 1UL, ulong.MaxValue)),
            (4, Gen.Choose(0, int.MaxValue).SelectMany(high => Gen.Choose(0, int.MaxValue).Select(low => ((ulong)high << 33) ^ (ulong)low))));

    public static Gen<long> TimestampMs => Gen.Choose(0, int.MaxValue).Select(value => (long)value * 1000);

    public static Gen<string> Text(int minFragments, int maxFragments) =>
        Gen.Choose(minFragments, maxFragments).SelectMany(count => Gen.ArrayOf(Gen.Elements(Fragments), count)).Select(string.Concat);

    public static Gen<SessionCommand> SessionCommands =>
        Gen.OneOf(
            TimestampMs.Select(SessionCommand.Register),
            from id in UInt64.Where(id => id != 0)
            from sequence in UInt64.Where(sequence => sequence != 0)
            from timestamp in TimestampMs
            from payload in Bytes(64)
            select SessionCommand.Command(id, sequence, timestamp, payload),
            from id in UInt64.Where(id => id != 0)
            from timestamp in TimestampMs
            from keepAlive in Gen.Elements(true, false)
            select keepAlive ? SessionCommand.KeepAlive(id, timestamp) : SessionCommand.Unregister(id, timestamp));

    public static Gen<SessionResult> SessionResults =>
        from status in Gen.Elements(Enum.GetValues<SessionResultStatus>())
        from id in UInt64
        from sequence in UInt64
        from payload in Bytes(64)
        select new SessionResult(status, id, sequence, payload);

    public static Gen<KeyValueCommand> KeyValueCommands =>
        from kind in Gen.Elements(Enum.GetValues<KeyValueCommandKind>())
        from key in Text(1, 6)
        from value in Text(0, 8)
        from expected in Gen.Elements<string?>(null, string.Empty, "x", "é中")
        select kind switch
        {
            KeyValueCommandKind.Get => KeyValueCommand.Get(key),
            KeyValueCommandKind.Put => KeyValueCommand.Put(key, value),
            KeyValueCommandKind.Delete => KeyValueCommand.Delete(key),
            KeyValueCommandKind.CompareAndSwap => KeyValueCommand.CompareAndSwap(key, expected, value),
            _ => KeyValueCommand.Append(key, value),
        };

    public static Gen<KeyValueResult> KeyValueResults =>
        from status in Gen.Elements(Enum.GetValues<KeyValueResultStatus>())
        from value in Gen.OneOf(Gen.Constant<string?>(null), Text(0, 8).Select(text => (string?)text))
        select new KeyValueResult(status, value);
}
