using System.Net;
using System.Text.Json;

namespace OrleansSync.Silo.Tests;

/// <summary>/status, /health, /metrics and the OpenAPI document of a running cluster.</summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class ClusterEndpointsTests(EmbeddedClusterFixture cluster)
{
    [Fact]
    public async Task Status_ListsEverySiloWithItsGateway_AndEveryGroupWithALeader()
    {
        using var http = cluster.Http(1);
        var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status", UriKind.Relative))).RootElement;
        Assert.Equal(cluster.Options.SiloNameOf(1), status.GetProperty("silo").GetString());
        var silos = status.GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("status").GetString() == "Active").ToList();
        Assert.Equal(EmbeddedClusterFixture.SiloCount, silos.Count);
        Assert.All(silos, s => Assert.NotEqual(s.GetProperty("address").GetString(), s.GetProperty("gateway").GetString()));

        var groups = status.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(EmbeddedClusterFixture.Groups, groups.Count);
        foreach (var group in groups)
        {
            var leader = group.GetProperty("leaderReplica").GetInt32();
            var replicas = group.GetProperty("replicas").EnumerateArray().ToList();
            Assert.Equal(cluster.Options.Replicas, replicas.Count);
            var leaderReport = replicas.Single(r => r.GetProperty("replica").GetInt32() == leader).GetProperty("status");
            Assert.Equal("Leader", leaderReport.GetProperty("role").GetString());
            Assert.Equal(group.GetProperty("term").GetUInt64(), leaderReport.GetProperty("term").GetUInt64());
            Assert.True(group.GetProperty("commitIndex").GetUInt64() >= group.GetProperty("appliedIndex").GetUInt64());
        }
    }

    [Fact]
    public async Task Health_IsHealthy_OnEverySilo()
    {
        for (var i = 0; i < EmbeddedClusterFixture.SiloCount; i++)
        {
            using var http = cluster.Http(i);
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var health = JsonDocument.Parse(body).RootElement;
            Assert.Equal("Healthy", health.GetProperty("status").GetString());
            Assert.Equal(EmbeddedClusterFixture.Groups, health.GetProperty("checks").GetProperty("silo").GetProperty("data").GetProperty("groups").GetInt32());
        }
    }

    [Fact]
    public async Task Metrics_AreValidPrometheusText_WithRuntimeAndRaftSeries()
    {
        using var http = cluster.Http(2);
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var samples = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());

        var leaders = samples.Where(s => s.Name == "orleanssync_raft_is_leader").ToList();
        Assert.Equal(EmbeddedClusterFixture.Groups * cluster.Options.Replicas, leaders.Count);
        for (var group = 0; group < EmbeddedClusterFixture.Groups; group++)
        {
            Assert.Equal(1, leaders.Where(s => s.Labels["group"] == group.ToString(System.Globalization.CultureInfo.InvariantCulture)).Sum(s => s.Value));
        }

        foreach (var name in new[] { "orleanssync_raft_term", "orleanssync_raft_commit_index", "orleanssync_raft_applied_index" })
        {
            Assert.Equal(EmbeddedClusterFixture.Groups * cluster.Options.Replicas, samples.Count(s => s.Name == name && s.Labels.ContainsKey("replica")));
        }

        Assert.Contains(samples, s => s.Name == "orleanssync_raft_term" && s.Value >= 1);
        // Orleans' own meter, through the exporter: its messaging counters and its latency histograms.
        Assert.Contains(samples, s => s.Name.StartsWith("microsoft_orleans_orleans_messaging_", StringComparison.Ordinal) && s.Value > 0);
        var buckets = samples.Where(s => s.Name.StartsWith("microsoft_orleans_orleans_", StringComparison.Ordinal) && s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(buckets);
        Assert.All(buckets, b => Assert.True(b.Labels.ContainsKey("le")));
        Assert.Contains(samples, s => s.Name == "orleanssync_silo_joined" && s.Value == 1);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheLockAndClusterEndpoints()
    {
        using var http = cluster.Http(0);
        var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/locks/{name}/acquire", "post"), ("/locks/{name}/try", "post"), ("/locks/{name}/release", "post"),
            ("/locks/{name}/keepalive", "post"), ("/locks/{name}", "get"), ("/status", "get"), ("/metrics", "get"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"OpenAPI has no path {path}");
            Assert.True(item.TryGetProperty(method, out _), $"OpenAPI has no {method} {path}");
        }

        var acquire = paths.GetProperty("/locks/{name}/acquire").GetProperty("post");
        Assert.Equal("AcquireLock", acquire.GetProperty("operationId").GetString());
        Assert.True(acquire.GetProperty("responses").TryGetProperty("423", out _));
        Assert.True(acquire.TryGetProperty("requestBody", out _));
    }
}
