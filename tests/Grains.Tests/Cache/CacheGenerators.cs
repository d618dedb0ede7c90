using OrleansSync.Grains.Cache;

namespace OrleansSync.Grains.Tests.Cache;

/// <summary>
/// Random cache commands over a few keys and silos. Each command is a function of one int (FsCheck
/// generates and shrinks the ints, and prints them in a failure), so a failing case replays exactly.
/// </summary>
internal static class CacheGenerators
{
    public static readonly string[] Keys = ["a", "b", "c"];
    public static readonly string[] Silos = ["s1", "s2", "s3", "s4"];

    public static FsCheck.Gen<CacheCommand> Commands() => FsCheck.Fluent.Gen.Select(FsCheck.Fluent.Gen.Choose(0, int.MaxValue), Command);

    /// <summary>The command that <paramref name="seed"/> names; grant and operation indexes are small, so some match.</summary>
    public static CacheCommand Command(int seed)
    {
        var random = new Random(seed);
        var key = Keys[random.Next(Keys.Length)];
        var silo = Silos[random.Next(Silos.Length)];
        var index = (ulong)random.Next(0, 64);
        return random.Next(7) switch
        {
            0 => new CacheFillCommand(key, silo),
            1 => CacheWriteCommand.Put(
                key, silo, [(byte)random.Next(256)], ttlMs: random.Next(4) == 0 ? random.Next(1, 300) : 0,
                expectedVersion: random.Next(4) == 0 ? random.Next(0, 6) : CacheWriteCommand.AnyVersion,
                mode: random.Next(3) == 0 ? CacheWriteMode.WriteBack : CacheWriteMode.WriteThrough),
            2 => CacheWriteCommand.Delete(key, silo, random.Next(5) == 0 ? random.Next(0, 6) : CacheWriteCommand.AnyVersion),
            3 => new CacheAckCommand(key, silo, index, random.Next(3) == 0 ? CacheDirtyValue.Of(random.Next(2) == 0 ? null : [7]) : null),
            4 => new CacheRenewCommand(key, silo, index),
            5 => new CacheEvictCommand(key, silo, index),
            _ => random.Next(2) == 0
                ? new CacheWriteBackCommand(key, silo, index, CacheDirtyValue.Of(random.Next(2) == 0 ? null : [8]), random.Next(2) == 0)
                : new CacheExpireCommand(),
        };
    }
}
