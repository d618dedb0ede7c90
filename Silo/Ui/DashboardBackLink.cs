using System.Text;
using Microsoft.Extensions.Primitives;

namespace OrleansSync.Silo.Ui;

/// <summary>
/// A link from Orleans' dashboard back to our pages: Orleans' dashboard has no menu to extend, so
/// its page (<c>/dashboard/</c>, a small HTML shell) gets one fixed link inserted before
/// <c>&lt;/body&gt;</c>. Only that page is touched, only when it is uncompressed HTML under
/// <see cref="MaxPageBytes"/>; anything else passes through as it is.
/// <para>
/// <c>/dashboard</c> without the slash answers the same page instead of Orleans' 301 to
/// <c>/dashboard/</c> (so <c>curl localhost:8080/dashboard</c> gets the page): the page's assets and
/// API calls are relative, so it also gets a <c>&lt;base href="/dashboard/"&gt;</c> to resolve them there.
/// </para>
/// </summary>
internal static class DashboardBackLink
{
    public const string LinkId = "orleanssync-pages";
    private const string DashboardPath = "/dashboard";
    private const string Base = "<base href=\"" + DashboardPath + "/\">";
    private const int MaxPageBytes = 1 << 20;

    private const string Link =
        "<a href=\"/ui/\" id=\"" + LinkId + "\" style=\"position:fixed;right:12px;bottom:12px;z-index:10000;padding:6px 12px;" +
        "background:#2f5fd0;color:#fff;border-radius:4px;font:14px system-ui,sans-serif;text-decoration:none\">OrleansSync: Raft groups, locks, queues, cache</a>";

    public static void UseDashboardBackLink(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path.Value is not (DashboardPath or DashboardPath + "/" or DashboardPath + "/index.html"))
            {
                await next(context);
                return;
            }

            if (context.Request.Path.Value == DashboardPath)
            {
                // Routing already chose the dashboard's root endpoint, which redirects only when the path lacks the slash.
                context.Request.Path = DashboardPath + "/";
            }

            // Asked uncompressed, so that the page can be read here.
            context.Request.Headers.AcceptEncoding = StringValues.Empty;
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var bytes = buffer.ToArray();
            if (context.Response.StatusCode == StatusCodes.Status200OK
                && context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                && context.Response.Headers.ContentEncoding.Count == 0
                && bytes.Length < MaxPageBytes)
            {
                var html = Encoding.UTF8.GetString(bytes);
                var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
                var head = html.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
                if (end >= 0 && head >= 0)
                {
                    bytes = Encoding.UTF8.GetBytes(html.Insert(end, Link).Insert(head + "<head>".Length, Base));
                }
            }

            if (!context.Response.HasStarted)
            {
                context.Response.ContentLength = bytes.Length;
            }

            await original.WriteAsync(bytes, context.RequestAborted);
        });
    }
}
