using System.Globalization;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

/// <summary>
/// <see cref="IMembershipTable"/> held in memory: shared by all silos of one process (tests,
/// TestCluster, a single-process cluster). Thread-safe; nothing survives the process.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Lock _lock = new();

    /// <summary>Rows by silo incarnation.</summary>
    private readonly Dictionary<SiloAddress, MembershipRow> _rows = [];
    private long _version;
    private long _lastETag;

    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(new MembershipTableSnapshot(_version, [.. _rows.Values]));
        }
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(TryInsert(entry, expectedVersion));
    }

    /// <summary>Synchronous <see cref="InsertRowAsync"/>, for seeding.</summary>
    internal bool TryInsert(MembershipEntry entry, long expectedVersion)
    {
        lock (_lock)
        {
            if (_version != expectedVersion || _rows.ContainsKey(entry.Silo))
            {
                return false;
            }

            _rows[entry.Silo] = new MembershipRow(entry, NextETag());
            _version++;
            return true;
        }
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string expectedETag, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(expectedETag);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_version != expectedVersion || !_rows.TryGetValue(entry.Silo, out var row) || row.ETag != expectedETag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = new MembershipRow(entry, NextETag());
            _version++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_rows.TryGetValue(silo, out var row))
            {
                return Task.FromResult(false);
            }

            _rows[silo] = row with { Entry = row.Entry with { IAmAliveTime = iAmAliveTime } };
            return Task.FromResult(true);
        }
    }

    public Task<int> CleanupDeadRowsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var defunct = _rows.Values
                .Where(row => row.Entry.Status == SiloStatus.Dead && row.Entry.IAmAliveTime < olderThan)
                .Select(row => row.Entry.Silo)
                .ToList();
            foreach (var silo in defunct)
            {
                _rows.Remove(silo);
            }

            return Task.FromResult(defunct.Count);
        }
    }

    private string NextETag() => (++_lastETag).ToString(CultureInfo.InvariantCulture);
}
