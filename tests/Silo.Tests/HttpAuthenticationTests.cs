using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// A silo beyond loopback (0.0.0.0) answers 401 to every request without its HTTP token (our
/// pages, the API, Orleans' dashboard) and serves the same requests with it: as a Bearer token, as
/// Basic with the token as password, and (page loads only) as the login form's cookie.
/// </summary>
public sealed class HttpAuthenticationTests(AuthenticatedSiloFixture silo) : IClassFixture<AuthenticatedSiloFixture>
{
    public static TheoryData<string> GuardedPaths => ["/ui/", "/ui/app.js", "/status", "/metrics", "/cluster/silos", "/cluster/locks", "/cluster/wait-for", "/cluster/queues", "/cluster/cache", "/cluster/cache/demo", "/locks/demo", "/openapi/v1.json", "/dashboard/"];

    [Theory]
    [MemberData(nameof(GuardedPaths))]
    public async Task Get_WithoutCredentials_Is401WithAChallenge(string path)
    {
        using var http = silo.Client();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(GuardedPaths))]
    public async Task Get_WithTheBearerToken_Is200(string path)
    {
        using var http = silo.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AuthenticatedSiloFixture.Token);

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithBasicCredentials_TokenAsPassword_Is200()
    {
        using var http = silo.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + AuthenticatedSiloFixture.Token)));

        using var response = await http.GetAsync(new Uri("/cluster/silos", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WrongToken_Is401()
    {
        using var http = silo.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AuthenticatedSiloFixture.Token + "x");

        using var response = await http.GetAsync(new Uri("/status", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Page_WithoutCredentials_Is401WithTheLoginPage_AndNoBasicChallenge()
    {
        using var http = silo.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/ui/", UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"login\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A Basic challenge would make the browser show its own dialog instead of this page.
        Assert.DoesNotContain(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
    }

    [Fact]
    public async Task Cookie_ServesPageLoads_ButNotPosts()
    {
        using var http = silo.Client();
        http.DefaultRequestHeaders.Add("Cookie", $"orleanssync-token={Uri.EscapeDataString(AuthenticatedSiloFixture.Token)}");

        using var page = await http.GetAsync(new Uri("/ui/", UriKind.Relative));
        using var post = await http.PostAsync(new Uri("/locks/cookie-post/try", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await ProblemAssert.IsProblemAsync(post, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Post_WithoutCredentials_Is401_AndTakesNoLock()
    {
        using var http = silo.Client();
        using var refused = await http.PostAsync(new Uri("/locks/unauthenticated/try", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AuthenticatedSiloFixture.Token);

        var state = await http.GetStringAsync(new Uri("/locks/unauthenticated", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("\"held\":false", state, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NeedsNoToken()
    {
        using var http = silo.Client();

        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void BeyondLoopback_WithoutAToken_IsRefusedAtStart()
    {
        var options = new SiloHostOptions { ListenAddress = "0.0.0.0", SharedSecret = "auth-tests-shared-secret-0123456789" };

        var result = new SiloHostOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures ?? [], f => f.StartsWith("--http-token must be set", StringComparison.Ordinal));
        Assert.True(new SiloHostOptionsValidator().Validate(null, new SiloHostOptions()).Succeeded, "a loopback silo may stay open");
    }
}
