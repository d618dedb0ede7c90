using OrleansSync.Runtime.Membership;

namespace OrleansSync.Runtime.Tests.Membership;

public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    protected override IMembershipTable CreateTable() => new InMemoryMembershipTable();
}
