using OrleansSync.Runtime.Testing;

namespace OrleansSync.Runtime.Tests.Streams;

public sealed class TcpClusterStreamProviderTests : DurableStreamProviderContractTests
{
    protected override string ProviderName => "cluster";

    protected override TestCluster CreateCluster() => new TestClusterBuilder(3).Configure(o => o.UseTcp = true).Build();
}
