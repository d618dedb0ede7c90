using System.Globalization;

namespace OrleansSync.Silo.Hosting;

/// <summary>
/// The membership table of the embedded form: one instance shared by the silos of this process, so
/// that no silo is the primary that the others need (as with <c>UseLocalhostClustering</c>); any
/// silo can die and the rest carry on. Rows and the table version carry ETags, and every write
/// checks them, as Orleans' membership protocol requires of a table.
/// </summary>
internal sealed class SharedMembershipTable : IMembershipTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, (MembershipEntry Entry, string ETag)> _rows = [];
    private TableVersion _version = new(0, "0");
    private long _nextETag = 1;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => Task.CompletedTask;

    public Task DeleteMembershipTableEntries(string clusterId)
    {
        lock (_lock)
        {
            _rows.Clear();
        }

        return Task.CompletedTask;
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        lock (_lock)
        {
            foreach (var (silo, _) in _rows.Where(r => r.Value.Entry.Status == SiloStatus.Dead && r.Value.Entry.IAmAliveTime < beforeDate.UtcDateTime).ToList())
            {
                _rows.Remove(silo);
            }
        }

        return Task.CompletedTask;
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue(key, out var row)
                ? new MembershipTableData(Tuple.Create(row.Entry.Clone(), row.ETag), _version)
                : new MembershipTableData(_version));
        }
    }

    public Task<MembershipTableData> ReadAll()
    {
        lock (_lock)
        {
            return Task.FromResult(new MembershipTableData([.. _rows.Values.Select(r => Tuple.Create(r.Entry.Clone(), r.ETag))], _version));
        }
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        lock (_lock)
        {
            if (_rows.ContainsKey(entry.SiloAddress) || tableVersion.VersionEtag != _version.VersionEtag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.SiloAddress] = (entry.Clone(), NextETag());
            _version = new TableVersion(tableVersion.Version, NextETag());
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        lock (_lock)
        {
            if (!_rows.TryGetValue(entry.SiloAddress, out var row) || row.ETag != etag || tableVersion.VersionEtag != _version.VersionEtag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.SiloAddress] = (entry.Clone(), NextETag());
            _version = new TableVersion(tableVersion.Version, NextETag());
            return Task.FromResult(true);
        }
    }

    public Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (_rows.TryGetValue(entry.SiloAddress, out var row))
            {
                var updated = row.Entry.Clone();
                updated.IAmAliveTime = entry.IAmAliveTime;
                _rows[entry.SiloAddress] = (updated, NextETag());
            }
        }

        return Task.CompletedTask;
    }

    private string NextETag() => (_nextETag++).ToString(CultureInfo.InvariantCulture);
}
