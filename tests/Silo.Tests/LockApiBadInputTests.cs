using System.Net;
using System.Text;

namespace OrleansSync.Silo.Tests;

/// <summary>Bad input never reaches a lock group: each is a 400 (413 for a huge body) with problem details and its stable code.</summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class LockApiBadInputTests(EmbeddedClusterFixture cluster)
{
    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "/locks/bad/acquire", "{\"mode\": ", "invalid-json" },
        { "/locks/bad/acquire", "[1, 2]", "invalid-json" },
        { "/locks/bad/acquire", "null", "invalid-json" },
        { "/locks/bad/acquire", "{\"ttlMs\": \"soon\"}", "invalid-json" },
        { "/locks/bad/acquire", "{\"colour\": \"red\"}", "invalid-json" },
        { "/locks/bad/release", "{\"leaseId\": -1}", "invalid-json" },
        { "/locks//acquire", "{}", "invalid-name" },
        { "/locks/" + new string('n', 257) + "/acquire", "{}", "invalid-name" },
        { "/locks/a%01b/try", "{}", "invalid-name" },
        { "/locks/bad/acquire", "{\"ttlMs\": -1000}", "invalid-timeout" },
        { "/locks/bad/acquire", "{\"ttlMs\": 999}", "invalid-timeout" },
        { "/locks/bad/acquire", "{\"waitMs\": -1}", "invalid-timeout" },
        { "/locks/bad/acquire", "{\"waitMs\": 3600000}", "invalid-timeout" },
        { "/locks/bad/try", "{\"waitMs\": 5}", "invalid-timeout" },
        { "/locks/bad/acquire", "{\"mode\": \"upgradable\"}", "invalid-mode" },
        { "/locks/bad/try", "{\"mode\": \"\"}", "invalid-mode" },
        { "/locks/bad/release", "{}", "missing-lease" },
        { "/locks/bad/release", string.Empty, "missing-lease" },
        { "/locks/bad/keepalive", "{\"leaseId\": null}", "missing-lease" },
        { "/locks/bad/keepalive", "{\"leaseId\": 0}", "invalid-lease" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_IsA400ProblemWithItsCode(string path, string body, string code)
    {
        using var http = cluster.Http(0);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, code);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Inspect_OfAnOversizedName_IsA400InvalidName()
    {
        using var http = cluster.Http(1);
        using var response = await http.GetAsync(new Uri("/locks/" + new string('n', 300), UriKind.Relative));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-name");
    }

    [Fact]
    public async Task HugeBody_IsA413RequestTooLarge()
    {
        using var http = cluster.Http(2);
        using var content = new StringContent("{\"mode\": \"" + new string('x', 20_000) + "\"}", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/locks/big/acquire", UriKind.Relative), content);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "request-too-large");
    }

    [Theory]
    [InlineData("POST", "/locks/x/frobnicate", HttpStatusCode.NotFound, "not-found")]
    [InlineData("GET", "/no/such/path", HttpStatusCode.NotFound, "not-found")]
    [InlineData("DELETE", "/locks/x/acquire", HttpStatusCode.MethodNotAllowed, "method-not-allowed")]
    public async Task UnknownEndpoint_IsAProblemToo(string method, string path, HttpStatusCode status, string code)
    {
        using var http = cluster.Http(0);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await http.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, status, code);
    }
}
