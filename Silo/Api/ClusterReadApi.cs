using System.Globalization;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Locks.Detection;
using OrleansSync.Grains.Queues.Client;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Api;

/// <summary>
/// Read-only views of the whole cluster for the pages (and anyone): silos with their HTTP
/// addresses, the lock tables of every group, the wait-for graph with the deadlock detector's
/// statistics. Every group is read at once, each within <see cref="ReadTimeout"/>: a group that
/// does not answer is reported, never waited for longer.
/// </summary>
internal static class ClusterReadApi
{
    public const int DefaultListLimit = 100;
    private const string Tag = "Cluster";

    public static IEndpointRouteBuilder MapClusterReadApi(this IEndpointRouteBuilder routes)
    {
        var cluster = routes.MapGroup("/cluster").WithTags(Tag);
        cluster.MapGet("/silos", GetSilosAsync)
            .WithName("GetSilos")
            .WithSummary("Every silo of the membership with its status and HTTP address (where the pages fail over to).")
            .Produces<SiloList>();
        cluster.MapGet("/locks", ListLocksAsync)
            .WithName("ListLocks")
            .WithSummary("Lock totals per group and the locks whose name contains ?contains= (at most ?limit=, 0-1000, default 100), with holders, lease expiry and FIFO waiters.")
            .Produces<LockListState>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        cluster.MapGet("/wait-for", GetWaitForAsync)
            .WithName("GetWaitForGraph")
            .WithSummary("Every group's wait-for edges, and the deadlock detector's rounds, aborts and recent deadlocks with their victims.")
            .Produces<WaitForState>();
        return routes;
    }

    /// <summary>Bound on one group's (or the detector's) answer: twice the status timeout, well under the lock client's 15 s.</summary>
    internal static TimeSpan ReadTimeout(SiloHostOptions options) => TimeSpan.FromMilliseconds(2 * options.StatusTimeoutMs);

    private static async Task<IResult> GetSilosAsync(SiloState silo, SiloHttpDirectory directory, SiloHttpAddress self, CancellationToken cancellationToken)
    {
        var (silos, error) = await directory.ReadAsync(cancellationToken);
        return Results.Json(new SiloList(silo.Name, self.Http, silos, error), SiloJson.Options);
    }

    private static async Task<IResult> ListLocksAsync(
        HttpRequest request, DistributedLockClient client, SiloHostOptions options, CancellationToken cancellationToken)
    {
        var contains = request.Query["contains"].ToString();
        var limitText = request.Query["limit"].ToString();
        var limit = DefaultListLimit;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit > LockTable.MaxListedLocks))
        {
            return Problems.BadRequest(ProblemCodes.Of(LockErrorCode.InvalidArgument), $"limit must be 0 to {LockTable.MaxListedLocks}, not '{Clip(limitText)}'.");
        }

        if (contains.Length > LockApiLimits.MaxNameLength || contains.Any(char.IsControl))
        {
            return Problems.BadRequest(ProblemCodes.InvalidName, $"contains must be at most {LockApiLimits.MaxNameLength} characters without control characters.");
        }

        var reads = await Task.WhenAll(Enumerable.Range(0, options.Groups).Select(group =>
            ReadGroupAsync(group, options, token => client.ListLocksAsync(group, contains, limit, token), cancellationToken)));
        var groups = reads.Select((read, group) => new LockGroupTotals(group, read.Value?.LockCount, read.Value?.LeaseCount, read.Error)).ToList();
        var listed = reads
            .SelectMany((read, group) => read.Value is { } listing ? listing.Locks.Select(l => ToState(l, group, listing)) : [])
            .OrderBy(l => l.Name, StringComparer.Ordinal)
            .ToList();
        var truncated = listed.Count > limit || reads.Any(r => r.Value?.Truncated == true);
        return Results.Json(
            new LockListState(
                contains,
                groups.Sum(g => g.Locks ?? 0),
                groups.Sum(g => g.Leases ?? 0),
                truncated,
                groups,
                [.. listed.Take(limit)]),
            SiloJson.Options);
    }

    private static async Task<IResult> GetWaitForAsync(
        IGrainFactory grains, DistributedLockClient client, SiloHostOptions options, CancellationToken cancellationToken)
    {
        var detector = ReadGroupAsync(-1, options, _ => grains.GetGrain<IDeadlockDetectorGrain>(DeadlockDetectorGrain.Key).GetStatus(), cancellationToken);
        var reads = await Task.WhenAll(Enumerable.Range(0, options.Groups).Select(group =>
            ReadGroupAsync(group, options, token => client.GetWaitForEdgesAsync(group, token), cancellationToken)));
        var edges = reads
            .SelectMany(read => read.Value ?? [])
            .Select(e => new WaitForEdgeState(e.GroupId, e.LockName, e.WaiterOwner, e.WaiterLeaseId, e.WaitId, DateTimeOffset.FromUnixTimeMilliseconds(e.WaitingSinceMs), e.BlockerOwner))
            .ToList();
        var errors = reads.Select((read, group) => (read, group)).Where(r => r.read.Error is not null)
            .Select(r => new LockGroupTotals(r.group, null, null, r.read.Error)).ToList();
        var (status, detectorError) = await detector;
        return Results.Json(new WaitForState(edges, errors, status, detectorError), SiloJson.Options);
    }

    /// <summary>One group's read within the read timeout; a group that fails or does not answer carries the reason instead.</summary>
    internal static async Task<(T? Value, string? Error)> ReadGroupAsync<T>(
        int group, SiloHostOptions options, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout(options));
        try
        {
            return (await read(timeout.Token).WaitAsync(timeout.Token), null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException or TimeoutException or LockException or QueueException or OrleansException)
        {
            var what = group < 0 ? "The deadlock detector" : $"Group {group}";
            return (null, exception is OperationCanceledException
                ? $"{what} did not answer within {ReadTimeout(options).TotalMilliseconds} ms."
                : $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private static ListedLockState ToState(LockInfo info, int group, LockListing listing)
    {
        var leases = listing.Leases.ToDictionary(l => l.LeaseId);
        DateTimeOffset? ExpiryOf(ulong lease) => leases.TryGetValue(lease, out var l) ? DateTimeOffset.FromUnixTimeMilliseconds(l.ExpiresAtMs) : null;
        string? OwnerOf(ulong lease) => leases.TryGetValue(lease, out var l) ? l.Owner : null;
        return new ListedLockState(
            info.Name,
            group,
            [.. info.Holders.Select(h => new ListedHolderState(h.LeaseId, OwnerOf(h.LeaseId), LockModes.Name(h.Mode), h.HoldCount, h.FencingToken, ExpiryOf(h.LeaseId)))],
            [.. info.Waiters.Select((w, i) => new ListedWaiterState(
                i + 1, w.LeaseId, OwnerOf(w.LeaseId), w.WaitId, LockModes.Name(w.Mode), w.IsUpgrade,
                DateTimeOffset.FromUnixTimeMilliseconds(w.WaitingSinceMs), DateTimeOffset.FromUnixTimeMilliseconds(w.DeadlineMs), ExpiryOf(w.LeaseId)))],
            info.LastFencingToken);
    }

    private static string Clip(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
