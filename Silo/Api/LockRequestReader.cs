namespace OrleansSync.Silo.Api;

/// <summary>
/// Reads and checks the parts of a lock request: the name from the route, the JSON body (bounded,
/// strict: unknown or duplicate members and wrong types are errors). Each failure is a 400 problem with its code.
/// </summary>
internal static class LockRequestReader
{
    /// <summary>The lock name from a route value: '%2F' (which Kestrel leaves encoded) becomes '/'; null with a problem if invalid.</summary>
    public static string? ReadName(string? routeValue, out IResult? problem)
    {
        var name = (routeValue ?? string.Empty).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        problem = name switch
        {
            { Length: 0 } => Problems.BadRequest(ProblemCodes.InvalidName, "The lock name is empty."),
            { Length: > LockApiLimits.MaxNameLength } => Problems.BadRequest(
                ProblemCodes.InvalidName, $"The lock name has {name.Length} characters; at most {LockApiLimits.MaxNameLength} are allowed."),
            _ when name.Any(char.IsControl) => Problems.BadRequest(ProblemCodes.InvalidName, "The lock name contains control characters."),
            _ => null,
        };
        return problem is null ? name : null;
    }

    /// <summary>
    /// Reads the body (bounded) as a strict JSON object of the <paramref name="allowed"/> members
    /// (see <see cref="StrictJsonObject"/>); an empty body is an object with none. A non-empty body
    /// must say it is JSON (<c>application/json</c> or <c>application/*+json</c>, UTF-8), else 415.
    /// Broken framing found while reading (a bad chunk, a body shorter than its Content-Length) is
    /// the 4xx Kestrel names, never an unhandled exception.
    /// </summary>
    public static async Task<(StrictJsonObject? Body, IResult? Problem)> ReadBodyAsync(
        HttpRequest request, IReadOnlyCollection<string> allowed, CancellationToken cancellationToken)
    {
        if (request.ContentLength > LockApiLimits.MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > LockApiLimits.MaxBodyBytes)
                {
                    return (null, TooLarge());
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception)
        {
            return (null, MalformedRequestProblems.Of(exception));
        }
        catch (IOException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Kestrel reports some broken framing this way (a chunk size that overflows).
            return (null, Problems.BadRequest(ProblemCodes.BadRequest, $"The request body could not be read: {exception.Message}"));
        }

        if (buffer.Length == 0)
        {
            return (StrictJsonObject.Parse("{}"u8, allowed, out _), null);
        }

        if (!IsJson(request.ContentType))
        {
            return (null, Problems.Create(
                StatusCodes.Status415UnsupportedMediaType,
                ProblemCodes.UnsupportedMediaType,
                "The body is not JSON.",
                $"Send the body as application/json (UTF-8), not '{(string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : request.ContentType)}'."));
        }

        var body = StrictJsonObject.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), allowed, out var error);
        return body is null ? (null, Problems.BadRequest(ProblemCodes.InvalidJson, error!)) : (body, null);
    }

    /// <summary>application/json or application/*+json, with no charset or UTF-8.</summary>
    internal static bool IsJson(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? string.Empty;
        var charset = media.Charset.Value;
        return (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    private static IResult TooLarge() => Problems.Create(
        StatusCodes.Status413PayloadTooLarge, ProblemCodes.RequestTooLarge, "The request body is too large.", $"At most {LockApiLimits.MaxBodyBytes} bytes are accepted.");
}
