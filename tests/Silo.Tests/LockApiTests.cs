using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansSync.Silo.Tests;

/// <summary>The lock API's happy paths, across silos (any silo serves any lock: the lock client forwards).</summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class LockApiTests(EmbeddedClusterFixture cluster)
{
    [Fact]
    public async Task Acquire_TryConflicting_Inspect_KeepAlive_Release_AcrossSilos()
    {
        using var first = cluster.Http(0);
        using var second = cluster.Http(1);
        using var third = cluster.Http(2);
        var name = $"orders/{Guid.NewGuid():N}";
        var path = $"/locks/{Uri.EscapeDataString(name)}";

        var grant = await ReadJsonAsync(await first.PostAsJsonAsync(path + "/acquire", new { mode = "exclusive", ttlMs = 30_000, waitMs = 1_000 }));
        Assert.Equal(name, grant.GetProperty("name").GetString());
        Assert.Equal("exclusive", grant.GetProperty("mode").GetString());
        var leaseId = grant.GetProperty("leaseId").GetUInt64();
        var token = grant.GetProperty("fencingToken").GetUInt64();
        var expiresAt = grant.GetProperty("leaseExpiresAt").GetDateTimeOffset();
        Assert.True(leaseId > 0 && token > 0, $"lease {leaseId}, token {token}");

        using (var conflicting = await second.PostAsJsonAsync(path + "/try", new { mode = "shared" }))
        {
            await ProblemAssert.IsProblemAsync(conflicting, HttpStatusCode.Locked, "not-granted");
        }

        var state = await ReadJsonAsync(await third.GetAsync(new Uri(path, UriKind.Relative)));
        Assert.True(state.GetProperty("held").GetBoolean());
        var holder = Assert.Single(state.GetProperty("holders").EnumerateArray());
        Assert.Equal(leaseId, holder.GetProperty("leaseId").GetUInt64());
        Assert.Equal(token, holder.GetProperty("fencingToken").GetUInt64());
        Assert.Equal(token, state.GetProperty("lastFencingToken").GetUInt64());

        var renewal = await ReadJsonAsync(await second.PostAsJsonAsync(path + "/keepalive", new { leaseId }));
        Assert.True(renewal.GetProperty("leaseExpiresAt").GetDateTimeOffset() >= expiresAt);

        var release = await ReadJsonAsync(await third.PostAsJsonAsync(path + "/release", new { leaseId }));
        Assert.True(release.GetProperty("released").GetBoolean());

        var again = await ReadJsonAsync(await second.PostAsJsonAsync(path + "/try", new { }));
        Assert.True(again.GetProperty("fencingToken").GetUInt64() > token, "a new grant's fencing token must be larger");
        await ReadJsonAsync(await first.PostAsJsonAsync(path + "/release", new { leaseId = again.GetProperty("leaseId").GetUInt64() }));
        var free = await ReadJsonAsync(await first.GetAsync(new Uri(path, UriKind.Relative)));
        Assert.False(free.GetProperty("held").GetBoolean());
    }

    [Fact]
    public async Task NameWithSlash_AsPlainSegments_IsTheSameLockAsEncoded()
    {
        using var http = cluster.Http(1);
        var name = $"jobs/{Guid.NewGuid():N}/step";
        var grant = await ReadJsonAsync(await http.PostAsync(new Uri($"/locks/{name}/acquire", UriKind.Relative), content: null));
        Assert.Equal(name, grant.GetProperty("name").GetString());

        var state = await ReadJsonAsync(await http.GetAsync(new Uri($"/locks/{Uri.EscapeDataString(name)}", UriKind.Relative)));
        Assert.Equal(grant.GetProperty("leaseId").GetUInt64(), Assert.Single(state.GetProperty("holders").EnumerateArray()).GetProperty("leaseId").GetUInt64());
        await ReadJsonAsync(await http.PostAsJsonAsync($"/locks/{name}/release", new { leaseId = grant.GetProperty("leaseId").GetUInt64() }));
    }

    [Fact]
    public async Task SharedHolders_Coexist_AndExclusiveAcquireWaitsForTheirRelease()
    {
        using var first = cluster.Http(0);
        using var second = cluster.Http(2);
        var path = $"/locks/shared-{Guid.NewGuid():N}";
        var reader1 = await ReadJsonAsync(await first.PostAsJsonAsync(path + "/try", new { mode = "shared" }));
        var reader2 = await ReadJsonAsync(await second.PostAsJsonAsync(path + "/try", new { mode = "Shared" }));
        var state = await ReadJsonAsync(await first.GetAsync(new Uri(path, UriKind.Relative)));
        Assert.Equal(2, state.GetProperty("holders").GetArrayLength());

        var writer = second.PostAsJsonAsync(path + "/acquire", new { mode = "exclusive", waitMs = 15_000 });
        await WaitForWaitersAsync(first, path, expected: 1);
        await ReadJsonAsync(await first.PostAsJsonAsync(path + "/release", new { leaseId = reader1.GetProperty("leaseId").GetUInt64() }));
        await ReadJsonAsync(await first.PostAsJsonAsync(path + "/release", new { leaseId = reader2.GetProperty("leaseId").GetUInt64() }));
        var granted = await ReadJsonAsync(await writer);
        Assert.Equal("exclusive", granted.GetProperty("mode").GetString());
        await ReadJsonAsync(await first.PostAsJsonAsync(path + "/release", new { leaseId = granted.GetProperty("leaseId").GetUInt64() }));
    }

    [Fact]
    public async Task Acquire_WhenHeldPastTheWait_Is423WaitTimedOut()
    {
        using var http = cluster.Http(0);
        var path = $"/locks/busy-{Guid.NewGuid():N}";
        var grant = await ReadJsonAsync(await http.PostAsJsonAsync(path + "/acquire", new { }));
        using (var waited = await http.PostAsJsonAsync(path + "/acquire", new { waitMs = 200 }))
        {
            await ProblemAssert.IsProblemAsync(waited, HttpStatusCode.Locked, "wait-timed-out");
        }

        await ReadJsonAsync(await http.PostAsJsonAsync(path + "/release", new { leaseId = grant.GetProperty("leaseId").GetUInt64() }));
    }

    [Fact]
    public async Task Release_ByAnotherLease_IsRefusedWithTheLockCode()
    {
        using var http = cluster.Http(1);
        var path = $"/locks/owned-{Guid.NewGuid():N}";
        var grant = await ReadJsonAsync(await http.PostAsJsonAsync(path + "/acquire", new { }));
        var leaseId = grant.GetProperty("leaseId").GetUInt64();
        using (var unknown = await http.PostAsJsonAsync(path + "/release", new { leaseId = leaseId + 1_000_000 }))
        {
            await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, "unknown-lease");
        }

        using (var keepAlive = await http.PostAsJsonAsync(path + "/keepalive", new { leaseId = leaseId + 1_000_000 }))
        {
            await ProblemAssert.IsProblemAsync(keepAlive, HttpStatusCode.NotFound, "unknown-lease");
        }

        await ReadJsonAsync(await http.PostAsJsonAsync(path + "/release", new { leaseId }));
    }

    [Fact]
    public async Task Grant_NotKeptAlive_EndsWithItsLease_AndFreesTheLock()
    {
        using var http = cluster.Http(0);
        var path = $"/locks/expiring-{Guid.NewGuid():N}";
        var grant = await ReadJsonAsync(await http.PostAsJsonAsync(path + "/acquire", new { ttlMs = 1_000 }));
        var token = grant.GetProperty("fencingToken").GetUInt64();

        // Retry the try until the lease's TTL has passed on the leader's clock (bounded: 15 s).
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            using var attempt = await http.PostAsJsonAsync(path + "/try", new { }, CancellationToken.None);
            if (attempt.StatusCode == HttpStatusCode.OK)
            {
                var next = JsonDocument.Parse(await attempt.Content.ReadAsStringAsync()).RootElement;
                Assert.True(next.GetProperty("fencingToken").GetUInt64() > token);
                await ReadJsonAsync(await http.PostAsJsonAsync(path + "/release", new { leaseId = next.GetProperty("leaseId").GetUInt64() }));
                break;
            }

            await ProblemAssert.IsProblemAsync(attempt, HttpStatusCode.Locked, "not-granted");
            Assert.False(deadline.IsCancellationRequested, $"{path} was still held 15 s after a 1 s lease was granted");
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        using var late = await http.PostAsJsonAsync(path + "/keepalive", new { leaseId = grant.GetProperty("leaseId").GetUInt64() });
        await ProblemAssert.IsProblemAsync(late, HttpStatusCode.NotFound, "lease-expired");
    }

    [Fact]
    public async Task Inspect_OfANeverUsedLock_IsFree()
    {
        using var http = cluster.Http(2);
        var name = $"never-{Guid.NewGuid():N}";
        var state = await ReadJsonAsync(await http.GetAsync(new Uri($"/locks/{name}", UriKind.Relative)));
        Assert.Equal(name, state.GetProperty("name").GetString());
        Assert.False(state.GetProperty("held").GetBoolean());
        Assert.Equal(0, state.GetProperty("holders").GetArrayLength());
        Assert.Equal(0, state.GetProperty("waiters").GetArrayLength());
    }

    /// <summary>Re-reads the lock until it has <paramref name="expected"/> waiters (bounded: 10 s).</summary>
    private static async Task WaitForWaitersAsync(HttpClient http, string path, int expected)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var waiters = -1;
        while (!deadline.IsCancellationRequested)
        {
            var state = await ReadJsonAsync(await http.GetAsync(new Uri(path, UriKind.Relative), CancellationToken.None));
            waiters = state.GetProperty("waiters").GetArrayLength();
            if (waiters == expected)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        Assert.Fail($"{path} did not get {expected} waiter(s) within 10 s; last seen {waiters}.");
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
