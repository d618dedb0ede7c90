using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// Each HTTP lease is its own owner in the wait-for graph; a waiting acquire keeps its lease alive;
/// a free lock still reports its last fencing token. Plain HTTP against the embedded cluster.
/// </summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class LockLeaseTests(EmbeddedClusterFixture cluster)
{
    private const int Callers = 16;

    [Fact]
    public async Task SixteenIndependentCallersQueuedOnOneLock_AreServedOrTimeOut_NoneRefusedAsDeadlock()
    {
        var path = $"/locks/shared-{Guid.NewGuid():N}";
        var clients = Enumerable.Range(0, EmbeddedClusterFixture.SiloCount).Select(cluster.Http).ToArray();
        try
        {
            // Callers on every silo, each holding for a moment so the queue stays long across
            // several detection rounds: with one owner per silo these formed false cycles.
            var outcomes = await Task.WhenAll(Enumerable.Range(0, Callers).Select(async i =>
            {
                var http = clients[i % clients.Length];
                using var response = await http.PostAsJsonAsync(path + "/acquire", new { ttlMs = 10_000, waitMs = 60_000 });
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(150));
                    using var released = await http.PostAsJsonAsync(path + "/release", new { leaseId = body.GetProperty("leaseId").GetUInt64() });
                    Assert.Equal(HttpStatusCode.OK, released.StatusCode);
                    return "granted";
                }

                return $"{(int)response.StatusCode} {(body.TryGetProperty("code", out var code) ? code.GetString() : body.ToString())}";
            }));

            var refused = outcomes.Where(o => o is not ("granted" or "423 wait-timed-out")).ToList();
            Assert.True(refused.Count == 0, "Refused: " + string.Join("; ", refused));
            Assert.Contains("granted", outcomes);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task RealCycleBetweenTwoLeasesOfOneSilo_IsFoundAndBroken()
    {
        using var http = cluster.Http(0);
        var (x, y) = TwoNamesInOneGroup();
        var leaseA = await GrantAsync(http, x, new { ttlMs = 30_000 });
        var leaseB = await GrantAsync(http, y, new { ttlMs = 30_000 });

        // A holds x and waits for y; B holds y and waits for x: a real deadlock, between two
        // leases that the same silo opened (they used to share the silo's owner, hiding it).
        var aWaits = http.PostAsJsonAsync($"/locks/{y}/acquire", new { leaseId = leaseA, waitMs = 30_000 });
        var bWaits = http.PostAsJsonAsync($"/locks/{x}/acquire", new { leaseId = leaseB, waitMs = 30_000 });
        var first = await Task.WhenAny(aWaits, bWaits);
        using var victim = await first;
        await ProblemAssert.IsProblemAsync(victim, HttpStatusCode.Conflict, "deadlock-detected");

        // The victim gives up what it holds (release closes its lease); the other is granted.
        var (victimLease, victimHeld) = first == aWaits ? (leaseA, x) : (leaseB, y);
        using (var released = await http.PostAsJsonAsync($"/locks/{victimHeld}/release", new { leaseId = victimLease }))
        {
            Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        }

        using var survivor = await (first == aWaits ? bWaits : aWaits);
        var grant = await survivor.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(survivor.StatusCode == HttpStatusCode.OK, $"The survivor got {(int)survivor.StatusCode}: {grant}");
        var survivorLease = first == aWaits ? leaseB : leaseA;
        Assert.Equal(survivorLease, grant.GetProperty("leaseId").GetUInt64());
        using (await http.PostAsJsonAsync($"/locks/{victimHeld}/release", new { leaseId = survivorLease }))
        {
        }
    }

    [Fact]
    public async Task WaitLongerThanTheTtl_EndsAsAWaitTimeout_NotAnExpiredLease()
    {
        using var http = cluster.Http(1);
        var name = $"patient-{Guid.NewGuid():N}";
        var holder = await GrantAsync(http, name, new { ttlMs = 30_000 });

        using var waited = await http.PostAsJsonAsync($"/locks/{name}/acquire", new { ttlMs = 1_000, waitMs = 5_000 });

        await ProblemAssert.IsProblemAsync(waited, HttpStatusCode.Locked, "wait-timed-out");
        using var released = await http.PostAsJsonAsync($"/locks/{name}/release", new { leaseId = holder });
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
    }

    [Fact]
    public async Task WaitLongerThanTheTtl_IsGrantedWhenTheHolderLeaves_WithALiveLease()
    {
        using var http = cluster.Http(2);
        var name = $"patient-{Guid.NewGuid():N}";
        var holder = await GrantAsync(http, name, new { ttlMs = 30_000 });
        var waiting = http.PostAsJsonAsync($"/locks/{name}/acquire", new { ttlMs = 1_000, waitMs = 20_000 });
        await WaitForWaiterAsync(http, name);

        // Three TTLs of the waiter's lease pass while it waits; it must still be there to be granted.
        await Task.Delay(TimeSpan.FromSeconds(3));
        using (await http.PostAsJsonAsync($"/locks/{name}/release", new { leaseId = holder }))
        {
        }

        using var granted = await waiting;
        var grant = await granted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(granted.StatusCode == HttpStatusCode.OK, $"Got {(int)granted.StatusCode}: {grant}");
        using var renewed = await http.PostAsJsonAsync($"/locks/{name}/keepalive", new { leaseId = grant.GetProperty("leaseId").GetUInt64() });
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        using (await http.PostAsJsonAsync($"/locks/{name}/release", new { leaseId = grant.GetProperty("leaseId").GetUInt64() }))
        {
        }
    }

    [Fact]
    public async Task FreeLock_ReportsTheFencingTokenOfItsLastGrant()
    {
        using var http = cluster.Http(0);
        var name = $"tokens-{Guid.NewGuid():N}";
        ulong lastToken = 0;
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsJsonAsync($"/locks/{name}/try", new { });
            var grant = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var token = grant.GetProperty("fencingToken").GetUInt64();
            Assert.True(token > lastToken, $"token {token} after {lastToken}");
            lastToken = token;
            using (await http.PostAsJsonAsync($"/locks/{name}/release", new { leaseId = grant.GetProperty("leaseId").GetUInt64() }))
            {
            }
        }

        using var inspected = await http.GetAsync(new Uri($"/locks/{name}", UriKind.Relative));
        var state = await inspected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(state.GetProperty("held").GetBoolean());
        Assert.Equal(lastToken, state.GetProperty("lastFencingToken").GetUInt64());
    }

    [Fact]
    public async Task AcquireUnderALeaseWithATtl_IsRefused()
    {
        using var http = cluster.Http(0);
        using var response = await http.PostAsJsonAsync($"/locks/under-{Guid.NewGuid():N}/acquire", new { leaseId = 7, ttlMs = 5_000 });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-lease");
    }

    private static (string X, string Y) TwoNamesInOneGroup()
    {
        var map = new LockGroupMap(EmbeddedClusterFixture.Groups);
        var x = $"cycle-x-{Guid.NewGuid():N}";
        var y = Enumerable.Range(0, 1_000).Select(i => $"cycle-y-{i}-{Guid.NewGuid():N}").First(n => map.GroupOf(n) == map.GroupOf(x));
        return (x, y);
    }

    private static async Task<ulong> GrantAsync(HttpClient http, string name, object body)
    {
        using var response = await http.PostAsJsonAsync($"/locks/{name}/acquire", body);
        var grant = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Acquiring {name}: {(int)response.StatusCode} {grant}");
        return grant.GetProperty("leaseId").GetUInt64();
    }

    private static async Task WaitForWaiterAsync(HttpClient http, string name)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var state = await http.GetFromJsonAsync<JsonElement>(new Uri($"/locks/{name}", UriKind.Relative), deadline.Token);
            if (state.GetProperty("waiters").GetArrayLength() > 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }
}
