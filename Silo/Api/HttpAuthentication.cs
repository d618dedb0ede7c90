using System.Net;
using System.Security.Cryptography;
using System.Text;
using OrleansSync.Silo.Hosting;
using OrleansSync.Silo.Ui;

namespace OrleansSync.Silo.Api;

/// <summary>
/// The silo's HTTP authentication (<c>--http-token</c>): with a token configured, every request
/// but <c>/health</c> and CORS preflights must present it, as <c>Authorization: Bearer TOKEN</c>,
/// as Basic with the token as password (any user name: curl <c>-u :TOKEN</c>), or, for GET and
/// HEAD only, in the <see cref="CookieName"/> cookie that the pages' login form sets (a browser
/// cannot add a header to a navigation). Anything else is 401: problem details for API callers,
/// the login page for a browser asking for HTML. Without a token HTTP is open, which the options
/// validator allows only on loopback.
/// </summary>
/// <remarks>
/// /health stays open so that orchestrators' probes need no secret; it tells only whether the silo
/// is ready. The cookie is not accepted for POST, so another page on the same host cannot make the
/// browser take or release a lock with it.
/// </remarks>
internal static class HttpAuthentication
{
    public const string CookieName = "orleanssync-token";
    public const string Realm = "OrleansSync";

    public static void UseHttpAuthentication(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<SiloHostOptions>();
        if (options.HttpToken is not { } token)
        {
            return;
        }

        // Compared as hashes in fixed time: neither the token's length nor its prefix leaks through timing.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        app.Use(async (context, next) =>
        {
            if (IsExempt(context.Request) || Presents(context.Request, expected))
            {
                await next(context);
                return;
            }

            await ChallengeAsync(context);
        });
    }

    /// <summary>Whether <paramref name="request"/> carries the token (header for any method, cookie for GET and HEAD).</summary>
    private static bool Presents(HttpRequest request, byte[] expectedHash)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Matches(authorization["Bearer ".Length..].Trim(), expectedHash);
        }

        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return BasicPassword(authorization["Basic ".Length..].Trim()) is { } password && Matches(password, expectedHash);
        }

        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Cookies.TryGetValue(CookieName, out var cookie)
            && Matches(WebUtility.UrlDecode(cookie), expectedHash);
    }

    private static bool IsExempt(HttpRequest request) =>
        request.Path.Equals("/health", StringComparison.Ordinal)
        || (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"));

    private static bool Matches(string presented, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expectedHash);

    private static string? BasicPassword(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : text[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static async Task ChallengeAsync(HttpContext context)
    {
        var wantsPage = context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

        // A browser shows its own dialog for a Basic challenge instead of the login page, so pages get a Bearer challenge only.
        context.Response.Headers.WWWAuthenticate = wantsPage
            ? $"Bearer realm=\"{Realm}\""
            : $"Bearer realm=\"{Realm}\", Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        if (wantsPage && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await UiAssets.WriteAsync(context, "login.html", context.RequestAborted);
            return;
        }

        await Problems.Create(
            StatusCodes.Status401Unauthorized,
            ProblemCodes.Unauthorized,
            "Authentication required.",
            "This silo requires its HTTP token: send Authorization: Bearer TOKEN (or Basic with the token as password).").ExecuteAsync(context);
    }
}
