using System.Globalization;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>One segment file of the WAL: <c>{sequence:D20}.wal</c>, sequences contiguous from the oldest kept.</summary>
internal sealed class WalSegment
{
    public const string FileExtension = ".wal";

    public WalSegment(ulong sequence, string path)
    {
        Sequence = sequence;
        Path = path;
    }

    public ulong Sequence { get; }

    public string Path { get; }

    /// <summary>Bytes of whole, valid records (written, not necessarily fsynced).</summary>
    public long LengthBytes { get; set; }

    /// <summary>Highest entry index of any entry record in the segment (0 if none): compaction deletes it once a snapshot covers this.</summary>
    public ulong MaxEntryIndex { get; set; }

    /// <summary>The segment ends with a seal record: nothing more may be written to it.</summary>
    public bool IsSealed { get; set; }

    public static string FileNameFor(ulong sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture) + FileExtension;

    public static bool TryParseFileName(string fileName, out ulong sequence)
    {
        sequence = 0;
        return fileName.Length == 20 + FileExtension.Length
            && fileName.EndsWith(FileExtension, StringComparison.Ordinal)
            && ulong.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && sequence > 0;
    }
}
