namespace OrleansSync.Runtime.Storage;

/// <summary>A storage write or clear found a different ETag than expected (another writer won).</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(string message)
        : base(message)
    {
    }

    public InconsistentStateException(string message, string? storedETag, string? expectedETag)
        : base($"{message} (stored ETag: {storedETag ?? "none"}, expected: {expectedETag ?? "none"})")
    {
        StoredETag = storedETag;
        ExpectedETag = expectedETag;
    }

    /// <summary>The ETag found in storage; null when no record exists.</summary>
    public string? StoredETag { get; }

    /// <summary>The ETag the writer expected; null when it expected no record.</summary>
    public string? ExpectedETag { get; }
}
