using System.Text;
using OrleansSync.Grains.Cache;

namespace OrleansSync.Grains.Tests.Cache;

/// <summary>Feeds a <see cref="CacheDirectory"/> commands with increasing indices and a test-controlled committed time.</summary>
internal sealed class CacheDirectoryDriver(CacheDirectoryOptions? options = null)
{
    public CacheDirectory Directory { get; } = new(options ?? new CacheDirectoryOptions { LeaseMs = 1_000 });

    public ulong Index { get; private set; }

    public long NowMs { get; set; } = 10_000;

    public CacheResult Apply(CacheCommand command)
    {
        Index++;
        return Directory.Apply(Index, NowMs, command);
    }

    public CacheResult Fill(string key, string silo) => Apply(new CacheFillCommand(key, silo));

    public CacheResult Put(string key, string silo, string value, long expectedVersion = CacheWriteCommand.AnyVersion, long ttlMs = 0, CacheWriteMode mode = CacheWriteMode.WriteThrough) =>
        Apply(CacheWriteCommand.Put(key, silo, Bytes(value), ttlMs, expectedVersion, mode));

    public CacheResult Delete(string key, string silo, long expectedVersion = CacheWriteCommand.AnyVersion) =>
        Apply(CacheWriteCommand.Delete(key, silo, expectedVersion));

    public CacheResult Ack(string key, string silo, ulong operation, CacheDirtyValue? dirty = null) =>
        Apply(new CacheAckCommand(key, silo, operation, dirty));

    public CacheResult Advance(long ms)
    {
        NowMs += ms;
        return Apply(new CacheExpireCommand());
    }

    /// <summary>Decoded notifications since the last call.</summary>
    public IReadOnlyList<CacheResult> TakeNotifications() =>
        [.. Directory.TakeNotifications().Select(n =>
        {
            var result = CacheResultCodec.Decode(n.Payload);
            Assert.Equal(n.Key, result.WaitId);
            return result;
        })];

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
