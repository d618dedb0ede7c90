namespace OrleansSync.Silo.Api;

/// <summary>
/// Requests Kestrel finds malformed once the pipeline runs (a bad chunk size, a body cut short,
/// a body over Kestrel's own limit) surface as <see cref="BadHttpRequestException"/> wherever the
/// body is read. This middleware turns any that escape an endpoint into the problem Kestrel's
/// status names, so broken framing is a 4xx, never an unhandled 500. A request with both
/// Content-Length and Transfer-Encoding is refused outright (Kestrel would take the chunked body). (What Kestrel rejects before
/// the pipeline, it answers itself: <see cref="KestrelRejectionProblems"/>.)
/// </summary>
internal static class MalformedRequestProblems
{
    /// <summary>Registers the middleware; place it inside the exception handler so it sees these first.</summary>
    public static IApplicationBuilder UseMalformedRequestProblems(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            if (context.Request.Headers.ContainsKey("Transfer-Encoding") && context.Request.Headers.ContainsKey("Content-Length"))
            {
                // RFC 9112 6.3: a request with both may be an attempt at request smuggling; refuse it.
                await Problems.BadRequest(ProblemCodes.BadRequest, "The request has both Content-Length and Transfer-Encoding; send one.").ExecuteAsync(context);
                return;
            }

            try
            {
                await next(context);
            }
            catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await Of(exception).ExecuteAsync(context);
            }
        });

    /// <summary>The problem for Kestrel's refusal: its status (a 4xx), with the code of that status.</summary>
    public static IResult Of(BadHttpRequestException exception)
    {
        var status = exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : StatusCodes.Status400BadRequest;
        return Problems.Create(status, ProblemCodes.OfStatus(status), "The HTTP request is malformed.", exception.Message);
    }
}
