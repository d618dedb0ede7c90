namespace OrleansSync.Silo.Api;

/// <summary>
/// CORS for reads only: a silo's pages fail over to another silo's API, which is another origin
/// (another port or host). GET and HEAD from the origin of a known silo's pages (or from the same
/// host on another port) may be read; the page adds the token itself (no cookies or Basic
/// credentials cross origins: no <c>Access-Control-Allow-Credentials</c>). Any other site gets no
/// CORS headers, so a browser keeps its reads of a loopback silo from it.
/// </summary>
internal static class ReadOnlyCors
{
    public static void UseReadOnlyCors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var origin = request.Headers.Origin.ToString();
            var read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);
            if (read && origin.Length > 0 && IsTrusted(origin, request, context.RequestServices.GetRequiredService<SiloHttpDirectory>()))
            {
                var headers = context.Response.Headers;
                headers.AccessControlAllowOrigin = origin;
                headers.Vary = "Origin";
                if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"))
                {
                    headers.AccessControlAllowMethods = "GET, HEAD";
                    headers.AccessControlAllowHeaders = "Authorization";
                    headers.AccessControlMaxAge = "600";
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                }
            }

            await next(context);
        });
    }

    private static bool IsTrusted(string origin, HttpRequest request, SiloHttpDirectory directory) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            || (IsLoopback(uri.Host) && IsLoopback(request.Host.Host))
            || directory.IsSiloOrigin(origin));

    /// <summary>localhost and 127.0.0.1 name the same machine: a page opened as one may read a silo advertised as the other.</summary>
    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
}
