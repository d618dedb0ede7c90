using System.Net;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Tests;

/// <summary>The embedded form's membership table keeps Orleans' optimistic-concurrency rules: every write checks ETags.</summary>
public sealed class SharedMembershipTableTests
{
    private static readonly SiloAddress First = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress Second = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);

    [Fact]
    public async Task InsertRow_WithTheCurrentVersion_Succeeds_AndAStaleVersionOrADuplicateRowIsRefused()
    {
        var table = new SharedMembershipTable();
        var empty = await table.ReadAll();

        Assert.True(await table.InsertRow(Entry(First, SiloStatus.Joining), empty.Version.Next()));
        Assert.False(await table.InsertRow(Entry(Second, SiloStatus.Joining), empty.Version.Next())); // stale table version
        var current = await table.ReadAll();
        Assert.False(await table.InsertRow(Entry(First, SiloStatus.Joining), current.Version.Next())); // row exists
        Assert.Single(current.Members);
    }

    [Fact]
    public async Task UpdateRow_NeedsTheRowsETag_AndReadsReturnCopies()
    {
        var table = new SharedMembershipTable();
        Assert.True(await table.InsertRow(Entry(First, SiloStatus.Joining), (await table.ReadAll()).Version.Next()));
        var read = await table.ReadRow(First);
        var (entry, etag) = read.Members.Single();

        entry.Status = SiloStatus.Active; // a copy: the stored row is unchanged until the update
        Assert.Equal(SiloStatus.Joining, (await table.ReadRow(First)).Members.Single().Item1.Status);
        Assert.False(await table.UpdateRow(entry, etag + "-stale", read.Version.Next()));
        Assert.True(await table.UpdateRow(entry, etag, read.Version.Next()));
        Assert.Equal(SiloStatus.Active, (await table.ReadRow(First)).Members.Single().Item1.Status);
        Assert.False(await table.UpdateRow(entry, etag, read.Version.Next())); // the ETag changed with the write
    }

    [Fact]
    public async Task UpdateIAmAlive_ChangesOnlyTheAliveTime()
    {
        var table = new SharedMembershipTable();
        Assert.True(await table.InsertRow(Entry(First, SiloStatus.Active), (await table.ReadAll()).Version.Next()));
        var alive = Entry(First, SiloStatus.Dead);
        alive.IAmAliveTime = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        await table.UpdateIAmAlive(alive);

        var stored = (await table.ReadRow(First)).Members.Single().Item1;
        Assert.Equal(SiloStatus.Active, stored.Status);
        Assert.Equal(alive.IAmAliveTime, stored.IAmAliveTime);
    }

    private static MembershipEntry Entry(SiloAddress silo, SiloStatus status) => new()
    {
        SiloAddress = silo,
        Status = status,
        SiloName = silo.ToString(),
        HostName = "localhost",
        StartTime = new DateTime(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc),
        IAmAliveTime = new DateTime(2026, 12, 4, 0, 0, 0, DateTimeKind.Utc),
    };
}
