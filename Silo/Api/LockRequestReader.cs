using System.Text.Json;

namespace OrleansSync.Silo.Api;

/// <summary>
/// Reads and checks the parts of a lock request: the name from the route, the JSON body (bounded,
/// strict: unknown members and wrong types are errors). Each failure is a 400 problem with its code.
/// </summary>
internal static class LockRequestReader
{
    private static readonly JsonSerializerOptions StrictJson = new(SiloJson.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

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

    /// <summary>Reads the body as <typeparamref name="T"/>; an empty body is <paramref name="empty"/>.</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadBodyAsync<T>(HttpRequest request, T empty, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > LockApiLimits.MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > LockApiLimits.MaxBodyBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (empty, null);
        }

        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), StrictJson);
            return body is null
                ? (null, Problems.BadRequest(ProblemCodes.InvalidJson, "The body must be a JSON object, not null."))
                : (body, null);
        }
        catch (JsonException exception)
        {
            return (null, Problems.BadRequest(ProblemCodes.InvalidJson, $"The body is not valid JSON for this request: {exception.Message}"));
        }
    }

    private static IResult TooLarge() => Problems.Create(
        StatusCodes.Status413PayloadTooLarge, ProblemCodes.RequestTooLarge, "The request body is too large.", $"At most {LockApiLimits.MaxBodyBytes} bytes are accepted.");
}
