using System.Text;
using OrleansSync.Grains.Cache.Client;

namespace OrleansSync.Silo.Api;

/// <summary>
/// The cache endpoints, through this silo's near cache: a GET is served from the silo's live copy
/// when it has one (linearizable either way), a PUT or DELETE returns once every other silo's copy
/// is gone and the write is committed. Values are JSON strings, stored as UTF-8. A key with '/'
/// is sent as plain segments or as %2F.
/// </summary>
internal static class CacheApi
{
    private const string Tag = "Cache";

    public static IEndpointRouteBuilder MapCacheApi(this IEndpointRouteBuilder routes)
    {
        var cache = routes.MapGroup("/cache").WithTags(Tag);
        cache.MapGet("/{**key}", GetAsync)
            .WithName("GetCacheEntry")
            .WithSummary("The key's committed value and version (linearizable), from this silo's copy when it is live.")
            .Produces<CacheEntryResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cache.MapPut("/{**key}", PutAsync)
            .WithName("PutCacheEntry")
            .WithSummary("Writes the value through the directory (write-through): returns once the other copies are invalidated and it is committed.")
            .Accepts<CachePutRequest>("application/json")
            .Produces<CacheEntryResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cache.MapDelete("/{**key}", DeleteAsync)
            .WithName("DeleteCacheEntry")
            .WithSummary("Deletes the key through the directory, like a PUT; 204 also when it had no value.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<IResult> GetAsync(string? key, CacheClient client, CancellationToken cancellationToken)
    {
        var name = ReadKey(key, out var problem);
        return name is null ? problem! : await RunAsync(async () => await client.GetAsync(name, cancellationToken) is { } value
            ? Results.Json(new CacheEntryResponse(name, Encoding.UTF8.GetString(value.Value), value.Version, value.Hit), SiloJson.Options)
            : Problems.Create(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "The key has no value.", $"'{name}' has no value (never written, deleted or expired)."));
    }

    private static async Task<IResult> PutAsync(string? key, HttpRequest request, CacheClient client)
    {
        var name = ReadKey(key, out var problem);
        if (name is null)
        {
            return problem!;
        }

        var (json, bodyProblem) = await LockRequestReader.ReadBodyAsync(request, CachePutRequest.Members, request.HttpContext.RequestAborted);
        if (json is null)
        {
            return bodyProblem!;
        }

        var body = CachePutRequest.From(json, out var typeError);
        if (body is null)
        {
            return Problems.BadRequest(ProblemCodes.InvalidJson, typeError!);
        }

        if (body.Value is null)
        {
            return Problems.BadRequest(ProblemCodes.InvalidJson, "value is required: the JSON string to store.");
        }

        if (body.TtlMs is < 0)
        {
            return Problems.BadRequest(ProblemCodes.InvalidTimeout, $"ttlMs must not be negative, not {body.TtlMs}.");
        }

        var bytes = Encoding.UTF8.GetBytes(body.Value);
        var ttl = body.TtlMs is > 0 and var ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        return await RunAsync(async () =>
        {
            var version = body.ExpectedVersion is { } expected
                ? await client.CompareAndSetAsync(name, expected, bytes, ttl, request.HttpContext.RequestAborted)
                : await client.SetAsync(name, bytes, ttl, request.HttpContext.RequestAborted);
            return Results.Json(new CacheEntryResponse(name, body.Value, version, false), SiloJson.Options);
        });
    }

    private static async Task<IResult> DeleteAsync(string? key, CacheClient client, CancellationToken cancellationToken)
    {
        var name = ReadKey(key, out var problem);
        return name is null ? problem! : await RunAsync(async () =>
        {
            await client.DeleteAsync(name, cancellationToken);
            return Results.NoContent();
        });
    }

    /// <summary>The key from the route ('%2F' becomes '/'); null with a 400 problem if it is empty or has control characters (the directory checks its length).</summary>
    internal static string? ReadKey(string? routeValue, out IResult? problem)
    {
        var key = (routeValue ?? string.Empty).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        problem = key switch
        {
            { Length: 0 } => Problems.BadRequest(ProblemCodes.InvalidName, "The cache key is empty."),
            _ when key.Any(char.IsControl) => Problems.BadRequest(ProblemCodes.InvalidName, "The cache key contains control characters."),
            _ => null,
        };
        return problem is null ? key : null;
    }

    internal static async Task<IResult> RunAsync(Func<Task<IResult>> operation)
    {
        try
        {
            return await operation();
        }
        catch (CacheException exception)
        {
            return Problems.Create(CacheProblemCodes.StatusOf(exception.Code), CacheProblemCodes.Of(exception.Code), "The cache refused the request.", exception.Message);
        }
    }
}
