namespace OrleansSync.Silo.Ui;

/// <summary>
/// Our pages at <c>/ui</c> (overview, Raft groups, locks: one page, switched by the URL's
/// fragment) and their embedded files under <c>/ui/</c>. The data comes from the HTTP API itself
/// (<c>/status</c>, <c>/cluster/*</c>), so the pages show nothing the API does not.
/// </summary>
internal static class UiEndpoints
{
    public static IEndpointRouteBuilder MapUi(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/ui/{**file}", [HttpMethods.Get, HttpMethods.Head], ServeAsync).ExcludeFromDescription();
        routes.MapGet("/cluster/history", (UiHistory history) =>
            {
                history.Viewed();
                return Results.Json(history.Current(), SiloJson.Options);
            })
            .WithName("GetHistory")
            .WithTags("Cluster")
            .WithSummary("What this silo sampled over the last minutes for the pages' charts (silos, commits; locks while the pages are in use), and the leader changes it saw.")
            .Produces<UiHistoryState>();
        return routes;
    }

    private static async Task ServeAsync(HttpContext context, string? file)
    {
        // The route matches /ui too (and /ui/ as /ui): without the slash, the pages' relative links would resolve against /.
        if (!context.Request.Path.Value!.EndsWith('/') && string.IsNullOrEmpty(file))
        {
            context.Response.Redirect("/ui/");
            return;
        }

        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        if (name == "login.html" || !await UiAssets.WriteAsync(context, name, context.RequestAborted))
        {
            // The login page is only ever the body of a 401; asked for directly it would say nothing useful.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
