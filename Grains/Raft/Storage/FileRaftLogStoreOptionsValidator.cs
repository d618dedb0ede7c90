using Microsoft.Extensions.Options;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>Checks <see cref="FileRaftLogStoreOptions"/> and the relations between its limits.</summary>
public sealed class FileRaftLogStoreOptionsValidator : IValidateOptions<FileRaftLogStoreOptions>
{
    /// <summary>Smallest segment size accepted: a header and a few records.</summary>
    public const long MinSegmentSizeBytes = 4096;

    /// <summary>The snapshot file stores its data length as a u32 and is read into one array.</summary>
    public const long MaxSnapshotSizeLimitBytes = int.MaxValue - 1024;

    public ValidateOptionsResult Validate(string? name, FileRaftLogStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SegmentSizeBytes < MinSegmentSizeBytes)
        {
            failures.Add($"{nameof(options.SegmentSizeBytes)} must be at least {MinSegmentSizeBytes} (was {options.SegmentSizeBytes}).");
        }

        var maxEntryLimit = WalFormat.MaxPayloadBytes - WalFormat.EntryPayloadHeaderBytes;
        if (options.MaxEntrySizeBytes < 1 || options.MaxEntrySizeBytes > maxEntryLimit)
        {
            failures.Add($"{nameof(options.MaxEntrySizeBytes)} must be between 1 and {maxEntryLimit} (was {options.MaxEntrySizeBytes}).");
        }

        if (options.WriteBufferSizeBytes < 4096)
        {
            failures.Add($"{nameof(options.WriteBufferSizeBytes)} must be at least 4096 (was {options.WriteBufferSizeBytes}).");
        }

        if (options.MaxSnapshotSizeBytes < 1024 || options.MaxSnapshotSizeBytes > MaxSnapshotSizeLimitBytes)
        {
            failures.Add($"{nameof(options.MaxSnapshotSizeBytes)} must be between 1024 and {MaxSnapshotSizeLimitBytes} (was {options.MaxSnapshotSizeBytes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(FileRaftLogStoreOptions options)
    {
        var result = new FileRaftLogStoreOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(FileRaftLogStoreOptions), result.Failures);
        }
    }
}
