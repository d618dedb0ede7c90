using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Tests.Membership;

/// <summary>
/// What every <see cref="IMembershipTable"/> must do. Subclass it (from any folder or project
/// that references the test project) and implement <see cref="CreateTable"/>; each test calls it
/// once. Tables may hold rows already (seeds): the tests use their own endpoints and compare
/// versions relative to the first read. Times are compared to the millisecond.
/// </summary>
public abstract class MembershipTableContractTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A table for one test.</summary>
    protected abstract IMembershipTable CreateTable();

    [Fact]
    public async Task InsertRow_AtCurrentVersion_AddsRowAndIncrementsVersion()
    {
        var table = CreateTable();
        var before = await table.ReadAllAsync(default);
        var entry = Entry(1);

        Assert.True(await table.InsertRowAsync(entry, before.Version, default));

        var after = await table.ReadAllAsync(default);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(before.Rows.Count + 1, after.Rows.Count);
        AssertSameEntry(entry, after.Find(entry.Silo)!.Entry);
    }

    [Fact]
    public async Task InsertRow_AtStaleVersion_FailsAndChangesNothing()
    {
        var table = CreateTable();
        var before = await table.ReadAllAsync(default);
        Assert.True(await table.InsertRowAsync(Entry(1), before.Version, default));

        Assert.False(await table.InsertRowAsync(Entry(2), before.Version, default));

        var after = await table.ReadAllAsync(default);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Null(after.Find(Entry(2).Silo));
    }

    [Fact]
    public async Task InsertRow_SiloAlreadyPresent_Fails()
    {
        var table = CreateTable();
        var version = (await table.ReadAllAsync(default)).Version;
        Assert.True(await table.InsertRowAsync(Entry(1), version, default));

        Assert.False(await table.InsertRowAsync(Entry(1) with { Status = SiloStatus.Active }, version + 1, default));

        var after = await table.ReadAllAsync(default);
        Assert.Equal(version + 1, after.Version);
        Assert.Equal(SiloStatus.Joining, after.Find(Entry(1).Silo)!.Entry.Status);
    }

    [Fact]
    public async Task InsertRow_SameEndpointHigherGeneration_IsASeparateRow()
    {
        var table = CreateTable();
        var version = (await table.ReadAllAsync(default)).Version;
        var first = Entry(1, generation: 10);
        var restarted = Entry(1, generation: 11);

        Assert.True(await table.InsertRowAsync(first, version, default));
        Assert.True(await table.InsertRowAsync(restarted, version + 1, default));

        var after = await table.ReadAllAsync(default);
        AssertSameEntry(first, after.Find(first.Silo)!.Entry);
        AssertSameEntry(restarted, after.Find(restarted.Silo)!.Entry);
    }

    [Fact]
    public async Task UpdateRow_WithCurrentETagAndVersion_ReplacesRowAndChangesETag()
    {
        var table = CreateTable();
        var (row, version) = await InsertAsync(table, Entry(1));
        var updated = row.Entry with
        {
            Status = SiloStatus.Active,
            Suspicions = [new SuspicionVote(Silo(2), Start.AddSeconds(3)), new SuspicionVote(Silo(3), Start.AddMilliseconds(4_567))],
        };

        Assert.True(await table.UpdateRowAsync(updated, row.ETag, version, default));

        var after = await table.ReadAllAsync(default);
        Assert.Equal(version + 1, after.Version);
        var stored = after.Find(updated.Silo)!;
        AssertSameEntry(updated, stored.Entry);
        Assert.NotEqual(row.ETag, stored.ETag);
    }

    [Fact]
    public async Task UpdateRow_StaleETag_FailsAndChangesNothing()
    {
        var table = CreateTable();
        var (row, version) = await InsertAsync(table, Entry(1));
        Assert.True(await table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Active }, row.ETag, version, default));

        Assert.False(await table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Dead }, row.ETag, version + 1, default));

        var after = await table.ReadAllAsync(default);
        Assert.Equal(version + 1, after.Version);
        Assert.Equal(SiloStatus.Active, after.Find(row.Entry.Silo)!.Entry.Status);
    }

    [Fact]
    public async Task UpdateRow_StaleTableVersion_FailsEvenWithCurrentETag()
    {
        var table = CreateTable();
        var (row, version) = await InsertAsync(table, Entry(1));
        Assert.True(await table.InsertRowAsync(Entry(2), version, default));

        Assert.False(await table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Dead }, row.ETag, version, default));

        var after = await table.ReadAllAsync(default);
        Assert.Equal(version + 1, after.Version);
        Assert.Equal(SiloStatus.Joining, after.Find(row.Entry.Silo)!.Entry.Status);
    }

    [Fact]
    public async Task UpdateRow_NoSuchRow_Fails()
    {
        var table = CreateTable();
        var version = (await table.ReadAllAsync(default)).Version;

        Assert.False(await table.UpdateRowAsync(Entry(9), "any-etag", version, default));

        Assert.Equal(version, (await table.ReadAllAsync(default)).Version);
    }

    [Fact]
    public async Task UpdateRow_ConcurrentWritersWithSameExpectations_ExactlyOneWins()
    {
        var table = CreateTable();
        var (row, version) = await InsertAsync(table, Entry(1));
        var writers = Enumerable.Range(0, 8)
            .Select(voter => table.UpdateRowAsync(row.Entry with { Suspicions = [new SuspicionVote(Silo(10 + voter), Start)] }, row.ETag, version, default))
            .ToArray();

        var results = await Task.WhenAll(writers);

        Assert.Single(results, won => won);
        Assert.Equal(version + 1, (await table.ReadAllAsync(default)).Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_ChangesOnlyTheHeartbeat()
    {
        var table = CreateTable();
        var (row, version) = await InsertAsync(table, Entry(1));
        var heartbeat = Start.AddMinutes(5).AddMilliseconds(123);

        Assert.True(await table.UpdateIAmAliveAsync(row.Entry.Silo, heartbeat, default));

        var after = await table.ReadAllAsync(default);
        var stored = after.Find(row.Entry.Silo)!;
        Assert.Equal(version, after.Version);
        Assert.Equal(row.ETag, stored.ETag);
        AssertSameEntry(row.Entry with { IAmAliveTime = heartbeat }, stored.Entry);
        Assert.True(await table.UpdateRowAsync(stored.Entry with { Status = SiloStatus.Active }, row.ETag, version, default));
    }

    [Fact]
    public async Task UpdateIAmAlive_NoSuchRow_ReturnsFalse()
    {
        var table = CreateTable();

        Assert.False(await table.UpdateIAmAliveAsync(Silo(9), Start, default));
    }

    [Fact]
    public async Task CleanupDeadRows_RemovesOnlyDeadRowsOlderThanCutoff()
    {
        var table = CreateTable();
        var version = (await table.ReadAllAsync(default)).Version;
        var oldDead = Entry(1) with { Status = SiloStatus.Dead, IAmAliveTime = Start };
        var recentDead = Entry(2) with { Status = SiloStatus.Dead, IAmAliveTime = Start.AddHours(2) };
        var oldActive = Entry(3) with { Status = SiloStatus.Active, IAmAliveTime = Start };
        Assert.True(await table.InsertRowAsync(oldDead, version, default));
        Assert.True(await table.InsertRowAsync(recentDead, version + 1, default));
        Assert.True(await table.InsertRowAsync(oldActive, version + 2, default));

        var removed = await table.CleanupDeadRowsAsync(Start.AddHours(1), default);

        var after = await table.ReadAllAsync(default);
        Assert.Equal(1, removed);
        Assert.Null(after.Find(oldDead.Silo));
        Assert.NotNull(after.Find(recentDead.Silo));
        Assert.NotNull(after.Find(oldActive.Silo));
    }

    [Fact]
    public async Task Rows_RoundTripEveryField()
    {
        var table = CreateTable();
        var version = (await table.ReadAllAsync(default)).Version;
        var withGateway = Entry(1) with
        {
            Status = SiloStatus.ShuttingDown,
            GatewayEndpoint = "gateway.example:30000",
            Suspicions = [new SuspicionVote(Silo(5, generation: 77), Start.AddMilliseconds(1))],
        };
        var withoutGateway = Entry(2) with { GatewayEndpoint = null };

        Assert.True(await table.InsertRowAsync(withGateway, version, default));
        Assert.True(await table.InsertRowAsync(withoutGateway, version + 1, default));

        var after = await table.ReadAllAsync(default);
        AssertSameEntry(withGateway, after.Find(withGateway.Silo)!.Entry);
        AssertSameEntry(withoutGateway, after.Find(withoutGateway.Silo)!.Entry);
    }

    /// <summary>A silo address on an endpoint seeds are unlikely to use.</summary>
    protected static SiloAddress Silo(int index, long generation = 1) => new($"10.255.0.{index}:11111", generation);

    protected static MembershipEntry Entry(int index, long generation = 1) =>
        new(Silo(index, generation), SiloStatus.Joining, Start, Start.AddSeconds(1), [], $"10.255.0.{index}:30000");

    protected static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.Silo, actual.Silo);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.GatewayEndpoint, actual.GatewayEndpoint);
        Assert.Equal(expected.Suspicions, actual.Suspicions);
    }

    private static async Task<(MembershipRow Row, long Version)> InsertAsync(IMembershipTable table, MembershipEntry entry)
    {
        var version = (await table.ReadAllAsync(default)).Version;
        Assert.True(await table.InsertRowAsync(entry, version, default));
        var snapshot = await table.ReadAllAsync(default);
        return (snapshot.Find(entry.Silo)!, snapshot.Version);
    }
}
