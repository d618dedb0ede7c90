using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Tests.Membership;

/// <summary>The static table passes the contract with seeds present, and starts with its seeds Active.</summary>
public sealed class StaticMembershipTableTests : MembershipTableContractTests
{
    private static readonly SiloAddress[] Seeds = [new("127.0.0.1:11111", 0), new("127.0.0.1:11112", 0)];
    private static readonly DateTimeOffset SeedTime = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task NewTable_HoldsEachSeedOnceAsActive()
    {
        var table = new StaticMembershipTable([.. Seeds, Seeds[0]], SeedTime);

        var snapshot = await table.ReadAllAsync(default);

        Assert.Equal(Seeds, snapshot.ActiveEntries().Select(entry => entry.Silo));
        Assert.Equal(Seeds.Length, snapshot.Version);
        Assert.All(snapshot.Rows, row => Assert.Equal(row.Entry.Silo.Endpoint, row.Entry.GatewayEndpoint));
    }

    protected override IMembershipTable CreateTable() => new StaticMembershipTable(Seeds, SeedTime);
}
