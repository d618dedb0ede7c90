namespace OrleansSync.Runtime.Storage;

/// <summary>
/// A grain state store with ETag optimistic concurrency. Records are keyed by (state name, grain
/// id). A write or clear names the ETag it expects (null: "no record"); a mismatch raises
/// <see cref="InconsistentStateException"/> and changes nothing. Every implementation must pass
/// the contract tests in <c>tests/Runtime.Tests/Storage/GrainStorageContractTests.cs</c>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>The stored record, or null if none exists.</summary>
    Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="data"/> if the stored ETag equals <paramref name="expectedETag"/>; returns the new ETag.</summary>
    Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken);

    /// <summary>Deletes the record if the stored ETag equals <paramref name="expectedETag"/> (clearing nothing with null succeeds).</summary>
    Task ClearAsync(string stateName, GrainId grainId, string? expectedETag, CancellationToken cancellationToken);
}
