using Microsoft.AspNetCore.Diagnostics;

namespace OrleansSync.Silo.Api;

/// <summary>
/// The body of a bare error status (no endpoint at the path: 404, wrong method: 405): problem
/// details with the status's code. Written directly, whatever the request's Accept header says:
/// the framework's default falls back to text/plain when Accept does not allow JSON, and every
/// error of this API is problem details.
/// </summary>
internal static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status404NotFound => $"There is no endpoint at '{Clip(http.Request.Path.Value)}'.",
            StatusCodes.Status405MethodNotAllowed => $"'{Clip(http.Request.Path.Value)}' does not take {Clip(http.Request.Method)}.",
            _ => "The request was refused.",
        };
        var title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : "Error";
        return Problems.Create(status, ProblemCodes.OfStatus(status), title, detail).ExecuteAsync(http);
    }

    private static string Clip(string? text) => text is null ? string.Empty : text.Length <= 100 ? text : text[..100] + "...";
}
