using System.Text.Json;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;

namespace OrleansSync.Silo.Api;

/// <summary>
/// The queue endpoints, over the silo's <see cref="DistributedQueueClient"/>: any silo serves any
/// queue (the client routes each partition's commands to its group's leader). Every answer comes
/// after the command committed, so a 200 to a send means the messages are on a majority's disks.
/// </summary>
internal static class QueueApi
{
    private const string Tag = "Queues";
    private static readonly IReadOnlyCollection<string> ReceiveMembers = ["max", "visibilityTimeoutMs", "waitMs"];
    private static readonly IReadOnlyCollection<string> ReceiptMembers = ["receipt"];
    private static readonly IReadOnlyCollection<string> NackMembers = ["receipt", "delayMs"];
    private static readonly IReadOnlyCollection<string> ExtendMembers = ["receipt", "visibilityTimeoutMs"];
    private static readonly IReadOnlyCollection<string> PurgeMembers = ["deadLetters"];
    private static readonly IReadOnlyCollection<string> NoMembers = [];

    public static IEndpointRouteBuilder MapQueueApi(this IEndpointRouteBuilder routes)
    {
        var queues = routes.MapGroup("/queues").WithTags(Tag);
        queues.MapPut("/{name}", CreateAsync).WithName("CreateQueue")
            .WithSummary("Creates the queue with these options (replicated to every group hosting a partition); again with the same options is fine.")
            .Accepts<CreateQueueRequest>("application/json").Produces<QueueDescription>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        queues.MapGet("/{name}", DescribeAsync).WithName("GetQueue")
            .WithSummary("The queue's options and its stats summed over its partitions (visible, inFlight, delayed, deadLettered, totals).")
            .Produces<QueueDescription>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        queues.MapDelete("/{name}", DeleteAsync).WithName("DeleteQueue")
            .WithSummary("Deletes the queue, its messages and dead letters.")
            .Produces<QueueOperationResult>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        queues.MapPost("/{name}/messages", SendAsync).WithName("SendMessages")
            .WithSummary("Sends one message ({\"body\": ...}) or a batch ({\"messages\": [...]}, up to 100); answers once committed.")
            .Accepts<JsonElement>("application/json").Produces<SentMessages>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        queues.MapPost("/{name}/receive", ReceiveAsync).WithName("ReceiveMessages")
            .WithSummary("Takes up to max (1-10) visible messages, hidden for visibilityTimeoutMs; when none is visible, waits up to waitMs (at most 20000) for one.")
            .Produces<ReceivedMessages>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        queues.MapPost("/{name}/ack", (string name, HttpRequest request, DistributedQueueClient client) => ReceiptOperationAsync(name, request, client, "ack", ReceiptMembers))
            .WithName("AckMessage").WithSummary("Deletes the message of this delivery; 409 receipt-stale if the delivery is over.")
            .Produces<QueueOperationResult>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        queues.MapPost("/{name}/nack", (string name, HttpRequest request, DistributedQueueClient client) => ReceiptOperationAsync(name, request, client, "nack", NackMembers))
            .WithName("NackMessage").WithSummary("Gives the message back, visible after delayMs, or dead-lettered when its deliveries are used up.")
            .Produces<QueueOperationResult>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        queues.MapPost("/{name}/extend", (string name, HttpRequest request, DistributedQueueClient client) => ReceiptOperationAsync(name, request, client, "extend", ExtendMembers))
            .WithName("ExtendMessage").WithSummary("Hides the message for visibilityTimeoutMs from now (a heartbeat).")
            .Produces<QueueOperationResult>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        queues.MapPost("/{name}/redrive", RedriveAsync).WithName("RedriveQueue")
            .WithSummary("Moves every dead letter back to the queue (visible, same id, delivery count reset).")
            .Produces<QueueOperationResult>().ProducesProblem(StatusCodes.Status404NotFound);
        queues.MapPost("/{name}/purge", PurgeAsync).WithName("PurgeQueue")
            .WithSummary("Deletes the queue's messages, or with deadLetters its dead letters.")
            .Produces<QueueOperationResult>().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> CreateAsync(string name, HttpRequest request, DistributedQueueClient client)
    {
        var (queue, body, problem) = await ReadAsync(name, request, CreateQueueRequest.Members);
        using (body)
        {
            if (problem is not null)
            {
                return problem;
            }

            var options = CreateQueueRequest.From(body!.RootElement, out var typeError);
            return options is null
                ? Problems.BadRequest(ProblemCodes.InvalidJson, typeError!)
                : await RunAsync(async () =>
                {
                    var created = await client.CreateQueueAsync(queue!, options, request.HttpContext.RequestAborted);
                    return Results.Json(new QueueDescription(queue!, QueueOptionsState.From(created), null), SiloJson.Options);
                });
        }
    }

    private static async Task<IResult> DescribeAsync(string name, DistributedQueueClient client, CancellationToken cancellationToken)
    {
        var queue = QueueRequestReader.ReadName(name, out var problem);
        return queue is null ? problem! : await RunAsync(async () =>
        {
            var options = await client.GetOptionsAsync(queue, cancellationToken);
            var stats = await client.GetStatsAsync(queue, cancellationToken);
            return Results.Json(new QueueDescription(queue, QueueOptionsState.From(options), stats), SiloJson.Options);
        });
    }

    private static async Task<IResult> DeleteAsync(string name, DistributedQueueClient client, CancellationToken cancellationToken)
    {
        var queue = QueueRequestReader.ReadName(name, out var problem);
        return queue is null ? problem! : await RunAsync(async () =>
        {
            await client.DeleteQueueAsync(queue, cancellationToken);
            return Results.Json(new QueueOperationResult(queue, "delete", 1), SiloJson.Options);
        });
    }

    private static async Task<IResult> SendAsync(string name, HttpRequest request, DistributedQueueClient client)
    {
        var (queue, body, problem) = await ReadAsync(name, request, SendMessagesRequest.Members);
        using (body)
        {
            if (problem is not null)
            {
                return problem;
            }

            var messages = SendMessagesRequest.From(body!.RootElement, out var error);
            return messages is null
                ? Problems.BadRequest(ProblemCodes.InvalidJson, error!)
                : await RunAsync(async () =>
                {
                    var sent = await client.SendBatchAsync(queue!, messages, request.HttpContext.RequestAborted);
                    return Results.Json(new SentMessages(queue!, [.. sent.Select(s => new SentMessageState(s.MessageId, s.Partition, s.Duplicate))]), SiloJson.Options);
                });
        }
    }

    private static async Task<IResult> ReceiveAsync(string name, HttpRequest request, DistributedQueueClient client)
    {
        var (queue, body, problem) = await ReadAsync(name, request, ReceiveMembers);
        using (body)
        {
            if (problem is not null)
            {
                return problem;
            }

            var json = body!.RootElement;
            if (!QueueRequestReader.TryGetInt64(json, "max", out var max, out var error)
                || !QueueRequestReader.TryGetInt64(json, "visibilityTimeoutMs", out var visibilityMs, out error)
                || !QueueRequestReader.TryGetInt64(json, "waitMs", out var waitMs, out error))
            {
                return Problems.BadRequest(ProblemCodes.InvalidJson, error!);
            }

            if (max is < 1 or > QueueTable.MaxReceiveMessages || visibilityMs is < 1 or > QueueOptions.MaxVisibilityTimeoutMs || waitMs is < 0 or > QueueApiLimits.MaxWaitMs)
            {
                return Problems.BadRequest(ProblemCodes.InvalidTimeout,
                    $"max must be 1 to {QueueTable.MaxReceiveMessages}, visibilityTimeoutMs 1 to {QueueOptions.MaxVisibilityTimeoutMs}, waitMs 0 to {QueueApiLimits.MaxWaitMs}.");
            }

            var wait = TimeSpan.FromMilliseconds(waitMs ?? 0);
            return await RunAsync(async () =>
            {
                // The client ends the wait itself; this bound only keeps a request off a group that does not answer.
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
                deadline.CancelAfter(wait + TimeSpan.FromMilliseconds(QueueApiLimits.WaitGraceMs) + TimeSpan.FromMilliseconds(Grains.Locks.Client.DistributedLockClientOptions.DefaultRequestTimeoutMs));
                var visibility = visibilityMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
                var messages = await client.ReceiveAsync(queue!, (int)(max ?? 1), visibility, wait, deadline.Token);
                return Results.Json(new ReceivedMessages(queue!, [.. messages.Select(ReceivedMessageState.From)]), SiloJson.Options);
            });
        }
    }

    private static async Task<IResult> ReceiptOperationAsync(string name, HttpRequest request, DistributedQueueClient client, string operation, IReadOnlyCollection<string> members)
    {
        var (queue, body, problem) = await ReadAsync(name, request, members);
        using (body)
        {
            if (problem is not null)
            {
                return problem;
            }

            var json = body!.RootElement;
            if (!QueueRequestReader.TryGetString(json, "receipt", out var receiptText, out var error)
                || !QueueRequestReader.TryGetInt64(json, "delayMs", out var delayMs, out error)
                || !QueueRequestReader.TryGetInt64(json, "visibilityTimeoutMs", out var visibilityMs, out error))
            {
                return Problems.BadRequest(ProblemCodes.InvalidJson, error!);
            }

            if (!QueueReceipt.TryParse(receiptText, out var receipt))
            {
                return Problems.BadRequest(QueueProblemCodes.InvalidReceipt, "receipt is required: the text a receive returned (partition.messageId.delivery.receiveIndex).");
            }

            if (delayMs is < 0 or > QueueTable.MaxDelayMs || visibilityMs is < 1 or > QueueOptions.MaxVisibilityTimeoutMs || (operation == "extend" && visibilityMs is null))
            {
                return Problems.BadRequest(ProblemCodes.InvalidTimeout,
                    $"delayMs must be 0 to {QueueTable.MaxDelayMs}; extend needs visibilityTimeoutMs, 1 to {QueueOptions.MaxVisibilityTimeoutMs}.");
            }

            var cancellationToken = request.HttpContext.RequestAborted;
            return await RunAsync(async () =>
            {
                long? visibleUntil = null;
                switch (operation)
                {
                    case "ack":
                        await client.AckAsync(queue!, receipt, cancellationToken);
                        break;
                    case "nack":
                        await client.NackAsync(queue!, receipt, TimeSpan.FromMilliseconds(delayMs ?? 0), cancellationToken);
                        break;
                    default:
                        visibleUntil = await client.ExtendAsync(queue!, receipt, TimeSpan.FromMilliseconds(visibilityMs!.Value), cancellationToken);
                        break;
                }

                return Results.Json(new QueueOperationResult(queue!, operation, 1, visibleUntil), SiloJson.Options);
            });
        }
    }

    private static async Task<IResult> RedriveAsync(string name, HttpRequest request, DistributedQueueClient client)
    {
        var (queue, body, problem) = await ReadAsync(name, request, NoMembers);
        using (body)
        {
            return problem ?? await RunAsync(async () =>
                Results.Json(new QueueOperationResult(queue!, "redrive", await client.RedriveAsync(queue!, request.HttpContext.RequestAborted)), SiloJson.Options));
        }
    }

    private static async Task<IResult> PurgeAsync(string name, HttpRequest request, DistributedQueueClient client)
    {
        var (queue, body, problem) = await ReadAsync(name, request, PurgeMembers);
        using (body)
        {
            if (problem is not null)
            {
                return problem;
            }

            if (!QueueRequestReader.TryGetBoolean(body!.RootElement, "deadLetters", out var deadLetters, out var error))
            {
                return Problems.BadRequest(ProblemCodes.InvalidJson, error!);
            }

            return await RunAsync(async () =>
                Results.Json(new QueueOperationResult(queue!, "purge", await client.PurgeAsync(queue!, deadLetters ?? false, request.HttpContext.RequestAborted)), SiloJson.Options));
        }
    }

    /// <summary>The queue name and the body; a problem for either.</summary>
    private static async Task<(string? Queue, JsonDocument? Body, IResult? Problem)> ReadAsync(string name, HttpRequest request, IReadOnlyCollection<string> members)
    {
        var queue = QueueRequestReader.ReadName(name, out var problem);
        if (queue is null)
        {
            return (null, null, problem);
        }

        var (body, bodyProblem) = await QueueRequestReader.ReadBodyAsync(request, members, request.HttpContext.RequestAborted);
        return (queue, body, bodyProblem);
    }

    /// <summary>Runs a queue operation, turning its refusals into problem details.</summary>
    private static async Task<IResult> RunAsync(Func<Task<IResult>> operation)
    {
        try
        {
            return await operation();
        }
        catch (QueueException exception)
        {
            return Problems.Create(QueueProblemCodes.StatusOf(exception.Code), exception.WireCode, "The queue service refused the request.", exception.Message);
        }
        catch (TimeoutException exception)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, ProblemCodes.Unavailable, "The queue's group did not answer in time.", exception.Message);
        }
        catch (OperationCanceledException exception)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, ProblemCodes.Unavailable, "The queue's group did not answer in time.", exception.Message);
        }
    }
}
