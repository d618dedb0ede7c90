using System.Globalization;

namespace OrleansSync.Runtime.Storage;

/// <summary>
/// Grain storage in memory (lost with the process). One instance can be shared by several silos
/// in one process (the test cluster does this) so state survives a silo being killed.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string StateName, GrainId GrainId), GrainStateRecord> _records = [];
    private long _version;

    public Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        lock (_lock)
        {
            return Task.FromResult(_records.GetValueOrDefault((stateName, grainId)));
        }
    }

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        lock (_lock)
        {
            CheckETag(stateName, grainId, expectedETag);
            var etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _records[(stateName, grainId)] = new GrainStateRecord(data.ToArray(), etag);
            return Task.FromResult(etag);
        }
    }

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        lock (_lock)
        {
            CheckETag(stateName, grainId, expectedETag);
            _records.Remove((stateName, grainId));
            return Task.CompletedTask;
        }
    }

    private void CheckETag(string stateName, GrainId grainId, string? expectedETag)
    {
        var stored = _records.GetValueOrDefault((stateName, grainId))?.ETag;
        if (stored != expectedETag)
        {
            throw new InconsistentStateException($"ETag mismatch for state '{stateName}' of grain {grainId}", stored, expectedETag);
        }
    }
}
