using OrleansSync.Grains.Interfaces.Cache;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Cache;

/// <summary>
/// The binary form of <see cref="CacheResult"/>s (command answers and notification payloads) and
/// of <see cref="CacheEntryInfo"/> (query answers). Same conventions as <see cref="CacheCommandCodec"/>.
/// </summary>
internal static class CacheResultCodec
{
    /// <summary>Longest error detail carried, in UTF-8 bytes (details are cut to fit).</summary>
    public const int MaxDetailBytes = 1_024;

    /// <summary>Most holders and waiting silos decoded from one entry report.</summary>
    public const int MaxReportedSilos = 4_096;

    private const byte FormatVersion = 1;

    public static byte[] Encode(CacheResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = new BinaryBuilder(48).Byte(FormatVersion).Byte((byte)result.Status).Byte((byte)result.Error);
        CacheCommandCodec.Value(builder, result.Value)
            .UInt64(result.Version).Byte((byte)result.State).UInt64(result.GrantIndex).Int64(result.LeaseMs).UInt64(result.WaitId);
        return builder.String16(Truncate(result.Detail ?? string.Empty)).ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not an encoded cache result.</exception>
    public static CacheResult Decode(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "cache result");
        var version = cursor.ReadByte("version");
        if (version != FormatVersion)
        {
            throw cursor.Fail("version", $"unknown version {version}");
        }

        var status = (CacheResultStatus)cursor.ReadByte("status");
        if (!Enum.IsDefined(status))
        {
            throw cursor.Fail("status", $"unknown status {(byte)status}");
        }

        var result = new CacheResult
        {
            Status = status,
            Error = (CacheErrorCode)cursor.ReadByte("error"),
            Value = CacheCommandCodec.Value(ref cursor),
            Version = cursor.ReadUInt64("version"),
            State = State(ref cursor),
            GrantIndex = cursor.ReadUInt64("grant"),
            LeaseMs = cursor.ReadInt64("lease"),
            WaitId = cursor.ReadUInt64("wait"),
        };
        var detail = cursor.ReadString16("detail", MaxDetailBytes);
        cursor.ExpectEnd();
        return result with { Detail = detail.Length == 0 ? null : detail };
    }

    public static byte[] EncodeEntryInfo(CacheEntryInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var builder = new BinaryBuilder(64).Byte(FormatVersion);
        CacheCommandCodec.String(builder, info.Key, CacheDirectoryOptions.CodecMaxKeyBytes, "key")
            .Byte(info.Exists ? (byte)1 : (byte)0).UInt64(info.Version).Int64(info.ExpiresAtMs).UInt32((uint)info.Holders.Count);
        foreach (var holder in info.Holders)
        {
            CacheCommandCodec.String(builder, holder.Silo, CacheDirectoryOptions.CodecMaxSiloIdBytes, "silo id")
                .Byte((byte)holder.State).UInt64(holder.GrantIndex).Int64(holder.LeaseEndMs);
        }

        builder.UInt64(info.PendingOperationIndex).UInt32((uint)info.PendingWaitingFor.Count);
        foreach (var silo in info.PendingWaitingFor)
        {
            CacheCommandCodec.String(builder, silo, CacheDirectoryOptions.CodecMaxSiloIdBytes, "silo id");
        }

        return builder.UInt32((uint)info.QueuedRequests).ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not an encoded entry report.</exception>
    public static CacheEntryInfo DecodeEntryInfo(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "cache entry");
        var version = cursor.ReadByte("version");
        if (version != FormatVersion)
        {
            throw cursor.Fail("version", $"unknown version {version}");
        }

        var key = CacheCommandCodec.Key(ref cursor);
        var exists = CacheCommandCodec.Flag(ref cursor, "exists");
        var keyVersion = cursor.ReadUInt64("key version");
        var expiresAt = cursor.ReadInt64("expires");
        var holders = new List<CacheHolderInfo>();
        var holderCount = Count(ref cursor, "holders");
        for (var i = 0; i < holderCount; i++)
        {
            holders.Add(new CacheHolderInfo(CacheCommandCodec.Silo(ref cursor), State(ref cursor), cursor.ReadUInt64("grant"), cursor.ReadInt64("lease end")));
        }

        var pendingIndex = cursor.ReadUInt64("pending");
        var waiting = new List<string>();
        var waitingCount = Count(ref cursor, "waiting");
        for (var i = 0; i < waitingCount; i++)
        {
            waiting.Add(CacheCommandCodec.Silo(ref cursor));
        }

        var queued = Count(ref cursor, "queued");
        cursor.ExpectEnd();
        return new CacheEntryInfo(key, exists, keyVersion, expiresAt, holders, pendingIndex, waiting, queued);
    }

    internal static CacheLineState State(ref BinaryCursor cursor)
    {
        var state = (CacheLineState)cursor.ReadByte("state");
        return Enum.IsDefined(state) ? state : throw cursor.Fail("state", $"unknown line state {(byte)state}");
    }

    private static int Count(ref BinaryCursor cursor, string field)
    {
        var count = cursor.ReadUInt32(field);
        return count <= MaxReportedSilos ? (int)count : throw cursor.Fail(field, $"{count} exceeds {MaxReportedSilos}");
    }

    private static string Truncate(string detail)
    {
        // Cut by UTF-16 units until it fits; never splits a surrogate pair.
        var text = detail;
        while (BinaryBuilder.StrictUtf8.GetByteCount(text) > MaxDetailBytes)
        {
            var cut = Math.Max(0, Math.Min(text.Length - 1, text.Length - ((BinaryBuilder.StrictUtf8.GetByteCount(text) - MaxDetailBytes) / 4) - 1));
            if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
            {
                cut--;
            }

            text = text[..cut];
        }

        return text;
    }
}
