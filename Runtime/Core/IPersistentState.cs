namespace OrleansSync.Runtime;

/// <summary>
/// Grain state kept in an <c>IGrainStorage</c> provider, injected into a grain constructor with
/// <see cref="PersistentStateAttribute"/>. Writes use ETag optimistic concurrency: a conflict
/// raises <c>InconsistentStateException</c>.
/// </summary>
public interface IPersistentState<TState>
{
    /// <summary>The state (a new instance when no record exists).</summary>
    TState State { get; set; }

    /// <summary>The ETag of the stored record this state was read from or written as; null if none.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored record exists.</summary>
    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
