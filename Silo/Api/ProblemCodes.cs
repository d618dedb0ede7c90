using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Silo.Api;

/// <summary>
/// The stable error codes of the HTTP API (the <c>code</c> member of every problem details body,
/// and the last part of its <c>type</c>, <c>urn:orleanssync:error:{code}</c>). Never rename one:
/// clients branch on them. Lock refusals use the kebab-case name of their <see cref="LockErrorCode"/>.
/// </summary>
internal static class ProblemCodes
{
    public const string TypePrefix = "urn:orleanssync:error:";

    /// <summary>A request the server could not read at all (malformed HTTP), outside the lock API's own checks.</summary>
    public const string BadRequest = "bad-request";

    /// <summary>
    /// The body is not JSON, or not the JSON the endpoint takes: not one object, a wrong type
    /// (<c>"3000"</c> for a number, a fraction for an integer), an unknown or duplicate member.
    /// </summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>A body sent as something other than <c>application/json</c> (UTF-8).</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>The request target (path and query) is longer than the server reads.</summary>
    public const string UriTooLong = "uri-too-long";

    /// <summary>The request's headers are larger than the server reads.</summary>
    public const string HeadersTooLarge = "headers-too-large";

    /// <summary>The request did not arrive in time (headers or body too slow).</summary>
    public const string RequestTimeout = "request-timeout";

    /// <summary>A body without a Content-Length where one is required.</summary>
    public const string LengthRequired = "length-required";

    /// <summary>The request's HTTP version is not one the server speaks (HTTP/1.0, 1.1).</summary>
    public const string UnsupportedHttpVersion = "unsupported-http-version";

    /// <summary>The body is larger than the API accepts.</summary>
    public const string RequestTooLarge = "request-too-large";

    /// <summary>The lock name is empty, too long or has control characters.</summary>
    public const string InvalidName = "invalid-name";

    /// <summary>A TTL or wait timeout is negative or out of range.</summary>
    public const string InvalidTimeout = "invalid-timeout";

    /// <summary>The mode is neither <c>shared</c> nor <c>exclusive</c>.</summary>
    public const string InvalidMode = "invalid-mode";

    /// <summary>A release or keep-alive without a lease id.</summary>
    public const string MissingLease = "missing-lease";

    /// <summary>A lease id that cannot name a lease (zero), or one given with a member only a new lease takes (ttlMs).</summary>
    public const string InvalidLease = "invalid-lease";

    /// <summary>A try found the lock held in a conflicting mode.</summary>
    public const string NotGranted = "not-granted";

    /// <summary>The lock group did not answer in time (no quorum, leader election): retry.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>No endpoint at this path (e.g. a lock name with an unencoded '/' and no action).</summary>
    public const string NotFound = "not-found";

    /// <summary>The path exists, with another HTTP method.</summary>
    public const string MethodNotAllowed = "method-not-allowed";

    /// <summary>The silo requires a token (<c>--http-token</c>) and the request did not present it.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>An unexpected server error (logged by the silo).</summary>
    public const string InternalError = "internal-error";

    /// <summary>The code of a lock refusal: the kebab-case name of <paramref name="code"/> (<c>NotHolder</c> is <c>not-holder</c>).</summary>
    public static string Of(LockErrorCode code) => KebabCase(code.ToString());

    /// <summary>The HTTP status of a lock refusal.</summary>
    public static int StatusOf(LockErrorCode code) => code switch
    {
        LockErrorCode.InvalidLockName or LockErrorCode.InvalidArgument => StatusCodes.Status400BadRequest,
        LockErrorCode.UnknownLease or LockErrorCode.LeaseExpired => StatusCodes.Status404NotFound,
        LockErrorCode.WaitTimedOut => StatusCodes.Status423Locked,
        LockErrorCode.TooManyWaiters or LockErrorCode.CapacityExceeded => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>The code a bare status (routing, Kestrel's refusals, unhandled errors) gets; any other 4xx is <see cref="BadRequest"/>.</summary>
    public static string OfStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status408RequestTimeout => RequestTimeout,
        StatusCodes.Status411LengthRequired => LengthRequired,
        StatusCodes.Status413PayloadTooLarge => RequestTooLarge,
        StatusCodes.Status414UriTooLong => UriTooLong,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status431RequestHeaderFieldsTooLarge => HeadersTooLarge,
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        >= 400 and < 500 => BadRequest,
        _ => InternalError,
    };

    private static string KebabCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i == 0 ? char.ToLowerInvariant(c).ToString() : "-" + char.ToLowerInvariant(c)) : c.ToString()));
}
