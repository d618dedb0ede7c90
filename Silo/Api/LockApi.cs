using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Silo.Api;

/// <summary>
/// The lock endpoints. Every grant is held under a lease of its own (the lock client's explicit
/// leases), which the caller keeps alive or releases by id; a lease id is meaningful together
/// with the lock name (the name picks the Raft group). Any silo serves any lock: the lock client
/// forwards to the group's leader. A name with '/' (orders/42) is sent as orders%2F42, or as
/// plain segments (POST /locks/orders/42/acquire; the last segment is the action).
/// </summary>
internal static class LockApi
{
    private const string Tag = "Locks";

    public static IEndpointRouteBuilder MapLockApi(this IEndpointRouteBuilder routes)
    {
        var locks = routes.MapGroup("/locks").WithTags(Tag);
        locks.MapPost("/{name}/acquire", (string name, HttpRequest request, DistributedLockClient client) => AcquireAsync(name, request, client, tryOnly: false))
            .WithName("AcquireLock")
            .WithSummary("Acquires the lock under a new lease, waiting in its FIFO queue up to waitMs.")
            .Accepts<AcquireLockRequest>("application/json")
            .Produces<LockGrant>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status423Locked)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        locks.MapPost("/{name}/try", (string name, HttpRequest request, DistributedLockClient client) => AcquireAsync(name, request, client, tryOnly: true))
            .WithName("TryLock")
            .WithSummary("Acquires the lock only if it is free now; 423 with code not-granted otherwise.")
            .Accepts<AcquireLockRequest>("application/json")
            .Produces<LockGrant>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status423Locked)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        locks.MapPost("/{name}/release", ReleaseAsync)
            .WithName("ReleaseLock")
            .WithSummary("Releases the lock held under the lease, and closes the lease (with anything else it holds).")
            .Accepts<LeaseRequest>("application/json")
            .Produces<LockRelease>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        locks.MapPost("/{name}/keepalive", KeepAliveAsync)
            .WithName("KeepLeaseAlive")
            .WithSummary("Renews the lease for another TTL.")
            .Accepts<LeaseRequest>("application/json")
            .Produces<LeaseRenewal>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        locks.MapGet("/{**name}", InspectAsync)
            .WithName("GetLock")
            .WithSummary("The lock's holders, waiters (queue order) and last fencing token, read linearizably.")
            .Produces<LockState>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        locks.MapPost("/{**path}", DispatchAsync).ExcludeFromDescription();
        return routes;
    }

    /// <summary>A name with unencoded '/' (or an empty one): the last segment is the action.</summary>
    private static Task<IResult> DispatchAsync(string? path, HttpRequest request, DistributedLockClient client)
    {
        var text = path ?? string.Empty;
        var slash = text.LastIndexOf('/');
        var (name, action) = slash < 0 ? (string.Empty, text) : (text[..slash], text[(slash + 1)..]);
        return action switch
        {
            "acquire" => AcquireAsync(name, request, client, tryOnly: false),
            "try" => AcquireAsync(name, request, client, tryOnly: true),
            "release" => ReleaseAsync(name, request, client),
            "keepalive" => KeepAliveAsync(name, request, client),
            _ => Task.FromResult(Problems.Create(
                StatusCodes.Status404NotFound, ProblemCodes.NotFound, "No such endpoint.", $"POST /locks/{{name}}/ takes acquire, try, release or keepalive, not '{action}'.")),
        };
    }

    private static async Task<IResult> AcquireAsync(string name, HttpRequest request, DistributedLockClient client, bool tryOnly)
    {
        var lockName = LockRequestReader.ReadName(name, out var problem);
        if (lockName is null)
        {
            return problem!;
        }

        var (json, bodyProblem) = await LockRequestReader.ReadBodyAsync(request, AcquireLockRequest.Members, request.HttpContext.RequestAborted);
        if (json is null)
        {
            return bodyProblem!;
        }

        var body = AcquireLockRequest.From(json, out var typeError);
        if (body is null)
        {
            return Problems.BadRequest(ProblemCodes.InvalidJson, typeError!);
        }

        if (!LockModes.TryParse(body.Mode, out var mode))
        {
            return Problems.BadRequest(ProblemCodes.InvalidMode, $"mode must be 'exclusive' or 'shared', not '{body.Mode}'.");
        }

        var ttlMs = body.TtlMs ?? LockApiLimits.DefaultTtlMs;
        var waitMs = tryOnly ? 0 : body.WaitMs ?? LockApiLimits.DefaultWaitMs;
        if (ttlMs is < LockApiLimits.MinTtlMs or > LockApiLimits.MaxTtlMs)
        {
            return Problems.BadRequest(ProblemCodes.InvalidTimeout, $"ttlMs must be {LockApiLimits.MinTtlMs} to {LockApiLimits.MaxTtlMs}, not {ttlMs}.");
        }

        if (waitMs is < 0 or > LockApiLimits.MaxWaitMs || (tryOnly && body.WaitMs is not (null or 0)))
        {
            return Problems.BadRequest(ProblemCodes.InvalidTimeout, tryOnly
                ? "waitMs is not taken by try (it never waits); use acquire."
                : $"waitMs must be 0 to {LockApiLimits.MaxWaitMs}, not {waitMs}.");
        }

        if (body.LeaseId is { } existing && (existing == 0 || body.TtlMs is not null))
        {
            return Problems.BadRequest(ProblemCodes.InvalidLease, existing == 0
                ? "leaseId 0 names no lease."
                : "ttlMs is for a new lease; a lease given by leaseId keeps its own TTL (renew it with keepalive).");
        }

        return await RunAsync(async () =>
        {
            var grant = await AcquireWithinAsync(client, lockName, mode, ttlMs, waitMs, tryOnly, request.HttpContext.RequestAborted, body.LeaseId);
            return grant is null
                ? NotGranted(lockName, tryOnly, waitMs)
                : Results.Json(new LockGrant(grant.Name, LockModes.Name(grant.Mode), grant.LeaseId, grant.FencingToken, grant.LeaseExpiresAt), SiloJson.Options);
        });
    }

    /// <summary>
    /// Acquires; the group ends a queued wait at its timeout and the lock client hears of it, so
    /// the bound here (<see cref="LockApiLimits.WaitGraceMs"/> past the wait) only keeps a request
    /// from hanging on a group that does not answer, and says so (503), never "not granted".
    /// Cancelling makes the client withdraw the wait and close a lease it opened for it. With
    /// <paramref name="existingLease"/>, the lock is acquired under that lease (left open either way).
    /// </summary>
    internal static async Task<LeasedLock?> AcquireWithinAsync(
        DistributedLockClient client, string name, LockMode mode, long ttlMs, long waitMs, bool tryOnly, CancellationToken requestAborted, ulong? existingLease = null)
    {
        using var waitDeadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        if (!tryOnly)
        {
            waitDeadline.CancelAfter(TimeSpan.FromMilliseconds(waitMs + LockApiLimits.WaitGraceMs));
        }

        try
        {
            return existingLease is { } leaseId
                ? await client.AcquireUnderLeaseAsync(name, leaseId, mode, TimeSpan.FromMilliseconds(waitMs), waitDeadline.Token)
                : await client.AcquireLeasedAsync(name, mode, TimeSpan.FromMilliseconds(ttlMs), TimeSpan.FromMilliseconds(waitMs), waitDeadline.Token);
        }
        catch (OperationCanceledException) when (waitDeadline.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            throw new TimeoutException($"The wait for '{name}' was not settled by its group within {waitMs + LockApiLimits.WaitGraceMs} ms.");
        }
    }

    private static async Task<IResult> ReleaseAsync(string name, HttpRequest request, DistributedLockClient client)
    {
        var (lockName, leaseId, problem) = await ReadLeaseRequestAsync(name, request);
        return problem ?? await RunAsync(async () =>
        {
            await client.ReleaseLeasedAsync(lockName!, leaseId, request.HttpContext.RequestAborted);
            return Results.Json(new LockRelease(lockName!, leaseId, Released: true), SiloJson.Options);
        });
    }

    private static async Task<IResult> KeepAliveAsync(string name, HttpRequest request, DistributedLockClient client)
    {
        var (lockName, leaseId, problem) = await ReadLeaseRequestAsync(name, request);
        return problem ?? await RunAsync(async () =>
        {
            var expiresAt = await client.KeepAliveLeaseAsync(lockName!, leaseId, request.HttpContext.RequestAborted);
            return Results.Json(new LeaseRenewal(lockName!, leaseId, expiresAt), SiloJson.Options);
        });
    }

    private static async Task<IResult> InspectAsync(string name, DistributedLockClient client, CancellationToken cancellationToken)
    {
        var lockName = LockRequestReader.ReadName(name, out var problem);
        return lockName is null
            ? problem!
            : await RunAsync(async () =>
            {
                // A free lock is not in the table: its last token comes from the group's record of free locks.
                var info = await client.InspectAsync(lockName, cancellationToken);
                var lastToken = info?.LastFencingToken ?? await client.GetLastFencingTokenAsync(lockName, cancellationToken);
                return Results.Json(LockState.From(lockName, info, lastToken), SiloJson.Options);
            });
    }

    private static async Task<(string? Name, ulong LeaseId, IResult? Problem)> ReadLeaseRequestAsync(string name, HttpRequest request)
    {
        var lockName = LockRequestReader.ReadName(name, out var problem);
        if (lockName is null)
        {
            return (null, 0, problem);
        }

        var (json, bodyProblem) = await LockRequestReader.ReadBodyAsync(request, LeaseRequest.Members, request.HttpContext.RequestAborted);
        if (json is null)
        {
            return (null, 0, bodyProblem);
        }

        return LeaseRequest.From(json, out var typeError) switch
        {
            null => (null, 0, Problems.BadRequest(ProblemCodes.InvalidJson, typeError!)),
            { LeaseId: null } => (null, 0, Problems.BadRequest(ProblemCodes.MissingLease, "leaseId is required: the lease id the grant returned.")),
            { LeaseId: 0 } => (null, 0, Problems.BadRequest(ProblemCodes.InvalidLease, "leaseId 0 names no lease.")),
            { LeaseId: { } id } => (lockName, id, null),
        };
    }

    private static IResult NotGranted(string name, bool tryOnly, long waitMs) => tryOnly
        ? Problems.Create(StatusCodes.Status423Locked, ProblemCodes.NotGranted, "The lock is not free.", $"'{name}' is held in a conflicting mode (or has waiters ahead).")
        : Problems.Create(
            StatusCodes.Status423Locked, ProblemCodes.Of(LockErrorCode.WaitTimedOut), "The lock was not granted in time.", $"'{name}' was not granted within {waitMs} ms.");

    /// <summary>Runs a lock operation, turning its refusals into problem details.</summary>
    private static async Task<IResult> RunAsync(Func<Task<IResult>> operation)
    {
        try
        {
            return await operation();
        }
        catch (LockException exception)
        {
            return Problems.Create(ProblemCodes.StatusOf(exception.Code), ProblemCodes.Of(exception.Code), "The lock service refused the request.", exception.Message);
        }
        catch (TimeoutException exception)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, ProblemCodes.Unavailable, "The lock group did not answer in time.", exception.Message);
        }
    }
}
