using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrleansSync.Silo.Tests;

/// <summary>The queue API's paths, across silos (any silo serves any queue: the queue client routes to each partition's group).</summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class QueueApiTests(EmbeddedClusterFixture cluster)
{
    [Fact]
    public async Task Create_Send_Receive_Ack_Stats_AcrossSilos_AndAStaleReceiptIsA409()
    {
        using var first = cluster.Http(0);
        using var second = cluster.Http(1);
        using var third = cluster.Http(2);
        var path = $"/queues/orders-{Guid.NewGuid():N}";

        var created = await ReadJsonAsync(await first.PutAsJsonAsync(path, new { partitions = 3, visibilityTimeoutMs = 30_000 }));
        var sent = await ReadJsonAsync(await second.PostAsJsonAsync(path + "/messages", new { body = "one", attributes = new { kind = "first" } }));
        var batch = await ReadJsonAsync(await third.PostAsJsonAsync(path + "/messages", new { messages = new object[] { new { body = "two", partitionKey = "k" }, new { body = "three", dedupId = "d" } } }));
        var duplicate = await ReadJsonAsync(await first.PostAsJsonAsync(path + "/messages", new { body = "three again", dedupId = "d" }));
        var received = await ReadJsonAsync(await second.PostAsJsonAsync(path + "/receive", new { max = 10, waitMs = 0 }));
        var messages = received.GetProperty("messages").EnumerateArray().ToList();
        foreach (var message in messages)
        {
            await ReadJsonAsync(await third.PostAsJsonAsync(path + "/ack", new { receipt = message.GetProperty("receipt").GetString() }));
        }

        using var staleAck = await first.PostAsJsonAsync(path + "/ack", new { receipt = messages[0].GetProperty("receipt").GetString() });
        var stats = (await ReadJsonAsync(await first.GetAsync(new Uri(path, UriKind.Relative)))).GetProperty("stats");

        Assert.Equal(3, created.GetProperty("options").GetProperty("partitions").GetInt32());
        Assert.EndsWith(".dlq", created.GetProperty("options").GetProperty("deadLetterQueue").GetString(), StringComparison.Ordinal);
        Assert.False(Assert.Single(sent.GetProperty("messages").EnumerateArray()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(2, batch.GetProperty("messages").GetArrayLength());
        var repeat = Assert.Single(duplicate.GetProperty("messages").EnumerateArray());
        Assert.True(repeat.GetProperty("duplicate").GetBoolean());
        Assert.Equal(batch.GetProperty("messages")[1].GetProperty("messageId").GetUInt64(), repeat.GetProperty("messageId").GetUInt64());
        Assert.Equal(["one", "three", "two"], messages.Select(m => m.GetProperty("body").GetString()).Order());
        Assert.Equal("first", messages.Single(m => m.GetProperty("body").GetString() == "one").GetProperty("attributes").GetProperty("kind").GetString());
        await ProblemAssert.IsProblemAsync(staleAck, HttpStatusCode.Conflict, "receipt-stale");
        Assert.Equal((0, 0, 3, 3), (stats.GetProperty("visible").GetInt64(), stats.GetProperty("inFlight").GetInt64(), stats.GetProperty("sentTotal").GetInt64(), stats.GetProperty("ackedTotal").GetInt64()));
    }

    [Fact]
    public async Task NackPastMaxDeliveries_DeadLetters_RedriveBringsItBack_PurgeEmpties()
    {
        using var http = cluster.Http(1);
        var path = $"/queues/mail-{Guid.NewGuid():N}";
        await ReadJsonAsync(await http.PutAsJsonAsync(path, new { partitions = 2, maxDeliveries = 1 }));
        await ReadJsonAsync(await http.PostAsJsonAsync(path + "/messages", new { body = "poison" }));

        var delivery = Assert.Single((await ReadJsonAsync(await http.PostAsJsonAsync(path + "/receive", new { waitMs = 20_000 }))).GetProperty("messages").EnumerateArray());
        await ReadJsonAsync(await http.PostAsJsonAsync(path + "/nack", new { receipt = delivery.GetProperty("receipt").GetString() }));
        var deadLettered = (await ReadJsonAsync(await http.GetAsync(new Uri(path, UriKind.Relative)))).GetProperty("stats").GetProperty("deadLettered").GetInt64();
        var redriven = (await ReadJsonAsync(await http.PostAsync(new Uri(path + "/redrive", UriKind.Relative), null))).GetProperty("count").GetInt64();
        var back = Assert.Single((await ReadJsonAsync(await http.PostAsJsonAsync(path + "/receive", new { waitMs = 20_000 }))).GetProperty("messages").EnumerateArray());
        var extended = await ReadJsonAsync(await http.PostAsJsonAsync(path + "/extend", new { receipt = back.GetProperty("receipt").GetString(), visibilityTimeoutMs = 60_000 }));
        var purged = (await ReadJsonAsync(await http.PostAsJsonAsync(path + "/purge", new { }))).GetProperty("count").GetInt64();

        Assert.Equal(1, deadLettered);
        Assert.Equal(1, redriven);
        Assert.Equal(delivery.GetProperty("messageId").GetUInt64(), back.GetProperty("messageId").GetUInt64());
        Assert.True(extended.GetProperty("visibleUntilMs").GetInt64() > back.GetProperty("visibleUntilMs").GetInt64());
        Assert.Equal(1, purged);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheQueueEndpoints()
    {
        using var http = cluster.Http(0);
        var paths = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement.GetProperty("paths");
        foreach (var (path, method, operation) in new[]
        {
            ("/queues/{name}", "put", "CreateQueue"), ("/queues/{name}", "get", "GetQueue"), ("/queues/{name}", "delete", "DeleteQueue"),
            ("/queues/{name}/messages", "post", "SendMessages"), ("/queues/{name}/receive", "post", "ReceiveMessages"),
            ("/queues/{name}/ack", "post", "AckMessage"), ("/queues/{name}/nack", "post", "NackMessage"), ("/queues/{name}/extend", "post", "ExtendMessage"),
            ("/queues/{name}/redrive", "post", "RedriveQueue"), ("/queues/{name}/purge", "post", "PurgeQueue"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"OpenAPI has no path {path}");
            Assert.True(item.TryGetProperty(method, out var described), $"OpenAPI has no {method} {path}");
            Assert.Equal(operation, described.GetProperty("operationId").GetString());
        }
    }

    public static TheoryData<string, string, string, string, HttpStatusCode> BadRequests => new()
    {
        { "PUT", "/queues/bad", "{\"partitions\": 257}", "invalid-argument", HttpStatusCode.BadRequest },
        { "PUT", "/queues/bad", "{\"partitions\": \"8\"}", "invalid-json", HttpStatusCode.BadRequest },
        { "PUT", "/queues/bad", "{\"colour\": 1}", "invalid-json", HttpStatusCode.BadRequest },
        { "PUT", "/queues/bad%20name", "{}", "invalid-name", HttpStatusCode.BadRequest },
        { "POST", "/queues/bad/messages", "{}", "invalid-json", HttpStatusCode.BadRequest },
        { "POST", "/queues/bad/messages", "{\"body\": \"a\", \"body\": \"b\"}", "invalid-json", HttpStatusCode.BadRequest },
        { "POST", "/queues/bad/messages", "{\"messages\": []}", "invalid-json", HttpStatusCode.BadRequest },
        { "POST", "/queues/bad/messages", "{\"messages\": [{\"body\": \"a\", \"extra\": 1}]}", "invalid-json", HttpStatusCode.BadRequest },
        { "POST", "/queues/bad/messages", "{\"body\": \"a\", \"delayMs\": 1.5}", "invalid-json", HttpStatusCode.BadRequest },
        { "POST", "/queues/no-such-queue/messages", "{\"body\": \"a\"}", "queue-not-found", HttpStatusCode.NotFound },
        { "POST", "/queues/bad/receive", "{\"max\": 11}", "invalid-timeout", HttpStatusCode.BadRequest },
        { "POST", "/queues/bad/receive", "{\"waitMs\": 20001}", "invalid-timeout", HttpStatusCode.BadRequest },
        { "POST", "/queues/bad/ack", "{}", "invalid-receipt", HttpStatusCode.BadRequest },
        { "POST", "/queues/bad/ack", "{\"receipt\": \"1.2.3\"}", "invalid-receipt", HttpStatusCode.BadRequest },
        { "POST", "/queues/bad/extend", "{\"receipt\": \"0.1.1.1\"}", "invalid-timeout", HttpStatusCode.BadRequest },
        { "POST", "/queues/bad/purge", "{\"deadLetters\": \"yes\"}", "invalid-json", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_IsAProblemWithItsCode(string method, string path, string body, string code, HttpStatusCode status)
    {
        using var http = cluster.Http(2);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, status, code);
        Assert.Contains(code, DocumentedProblemCodes.All);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
