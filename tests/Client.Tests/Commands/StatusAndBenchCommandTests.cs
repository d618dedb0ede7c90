using OrleansSync.Client.Cli;
using OrleansSync.Client.Tests.Cluster;

namespace OrleansSync.Client.Tests.Commands;

/// <summary><c>status</c> and <c>bench locks</c> against a InProcessTestCluster.</summary>
public sealed class StatusAndBenchCommandTests(LockClusterFixture fixture) : IClassFixture<LockClusterFixture>
{
    private readonly TestClusterConnector _connector = new(fixture.GrainFactory);

    [Fact]
    public async Task Status_Json_ListsSilosAndGroupsWithLeaders()
    {
        var run = await ClientRun.RunAsync(_connector, "--json", "status");

        var json = run.Json();
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(3, json.GetProperty("silos").GetArrayLength());
        Assert.Equal(LockClusterFixture.GroupCount, json.GetProperty("layout").GetProperty("groupCount").GetInt32());
        Assert.All(json.GetProperty("groups").EnumerateArray(), group =>
        {
            Assert.True(group.GetProperty("leaderReplica").GetInt32() >= 0);
            Assert.Equal(LockClusterFixture.ReplicaCount, group.GetProperty("replicas").GetArrayLength());
        });
    }

    [Fact]
    public async Task Status_Human_DrawsTablesAndSaysEveryGroupHasALeader()
    {
        var run = await ClientRun.RunAsync(_connector, "status");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("silos", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Raft groups (2 x 3 replicas)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"All {LockClusterFixture.GroupCount} groups have a leader.", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BenchLocks_Json_CountsPairsAndLatencies(bool contended)
    {
        string[] args = ["--json", "bench", "locks", "--clients", "2", "--seconds", "1", .. contended ? new[] { "--contended" } : []];

        var run = await ClientRun.RunAsync(_connector, args);

        var json = run.Json();
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(contended, json.GetProperty("contended").GetBoolean());
        Assert.True(json.GetProperty("pairs").GetInt64() > 0);
        Assert.Equal(0, json.GetProperty("errors").GetInt64());
        Assert.True(json.GetProperty("p50Ms").GetDouble() <= json.GetProperty("p99Ms").GetDouble());
        Assert.True(json.GetProperty("p99Ms").GetDouble() <= json.GetProperty("maxMs").GetDouble());
    }

    [Fact]
    public async Task BenchLocks_Human_EndsWithTheSummaryTable()
    {
        var run = await ClientRun.RunAsync(_connector, "bench", "locks", "--clients", "1", "--seconds", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("pairs/s", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("p99 ms", run.Stdout, StringComparison.Ordinal);
    }
}
