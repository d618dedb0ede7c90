namespace OrleansSync.Runtime.Storage;

/// <summary>Options of <see cref="FileGrainStorage"/>.</summary>
public sealed class FileGrainStorageOptions
{
    /// <summary>Default largest state accepted.</summary>
    public const int DefaultMaxStateBytes = 16 * 1024 * 1024;

    /// <summary>Directory holding one sub-directory per state name (created if missing). Required.</summary>
    public string RootDirectory { get; set; } = string.Empty;

    /// <summary>Largest encoded state written or read; larger records are rejected.</summary>
    public int MaxStateBytes { get; set; } = DefaultMaxStateBytes;
}
