using System.Text.RegularExpressions;
using OrleansSync.Grains.Interfaces.Cache;

namespace OrleansSync.Silo.Api;

/// <summary>The problem codes and HTTP statuses of cache refusals: the kebab-case name of their <see cref="CacheErrorCode"/>.</summary>
internal static partial class CacheProblemCodes
{
    public static string Of(CacheErrorCode code) => KebabBoundary().Replace(code.ToString(), "$1-$2").ToLowerInvariant();

    public static int StatusOf(CacheErrorCode code) => code switch
    {
        CacheErrorCode.VersionMismatch => StatusCodes.Status409Conflict,
        CacheErrorCode.ValueTooLarge => StatusCodes.Status413PayloadTooLarge,
        CacheErrorCode.Busy or CacheErrorCode.Overloaded or CacheErrorCode.CapacityExceeded or CacheErrorCode.TooManyHolders => StatusCodes.Status429TooManyRequests,
        CacheErrorCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex KebabBoundary();
}
