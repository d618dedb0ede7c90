using System.CommandLine;
using System.Text;
using OrleansSync.Client.Cli;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;
using Spectre.Console;

namespace OrleansSync.Client.Commands;

/// <summary><c>queue create | send | receive | ack | nack | extend | stats | redrive | purge | delete | consume</c>.</summary>
internal static class QueueCommands
{
    public static Command Build(HandlerFactory handler)
    {
        var command = new Command("queue", "Create queues, send, receive and acknowledge messages, dead-letter and redrive.");
        command.Add(Create(handler));
        command.Add(Send(handler));
        command.Add(Receive(handler));
        command.Add(ReceiptCommand(handler, "ack", "Delete a received message by its receipt (exits 1 with receipt_stale if that delivery is over)."));
        command.Add(ReceiptCommand(handler, "nack", "Give a received message back, visible after --delay, or dead-lettered when its deliveries are used up."));
        command.Add(ReceiptCommand(handler, "extend", "Hide a received message for --visibility from now (a heartbeat)."));
        command.Add(Stats(handler));
        command.Add(Redrive(handler));
        command.Add(Purge(handler));
        command.Add(Delete(handler));
        command.Add(QueueConsumeCommand.Build(handler, QueueName()));
        return command;
    }

    internal static Argument<string> QueueName() => new("name")
    {
        Description = $"the queue's name (1 to {QueueTable.MaxQueueNameLength} of A-Z a-z 0-9 - _ .)",
        CustomParser = result =>
        {
            var name = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (QueueTable.ValidateName(name) is { } error)
            {
                result.AddError($"'{name}' is not a queue name: {error}.");
            }

            return name;
        },
    };

    private static Option<TimeSpan?> Visibility(TimeSpan defaultValue) =>
        CliOptions.Duration("--visibility", "how long a received message stays hidden", defaultValue, TimeSpan.FromMilliseconds(1));

    private static Command Create(HandlerFactory handler)
    {
        var name = QueueName();
        var partitions = CliOptions.PositiveInt("--partitions", "partitions of the queue", QueueOptions.DefaultPartitions, QueueOptions.MaxPartitions);
        var maxDeliveries = CliOptions.PositiveInt("--max-deliveries", "deliveries before a message is dead-lettered", QueueOptions.DefaultMaxDeliveries, QueueOptions.MaxMaxDeliveries);
        var visibility = Visibility(TimeSpan.FromMilliseconds(QueueOptions.DefaultVisibilityTimeoutMs));
        var command = new Command("create", "Create a queue (again with the same options is fine).") { name, partitions, maxDeliveries, visibility };
        command.SetAction(handler(async (context, ct) =>
        {
            var queue = context.Value(name);
            var options = new QueueOptions
            {
                Partitions = context.Value(partitions),
                MaxDeliveries = context.Value(maxDeliveries),
                VisibilityTimeoutMs = (long)(context.Value(visibility) ?? TimeSpan.FromMilliseconds(QueueOptions.DefaultVisibilityTimeoutMs)).TotalMilliseconds,
            };
            await using var connection = await context.ConnectAsync(ct);
            await using var queues = connection.CreateQueueClient();
            var created = await Guard(queue, () => queues.CreateQueueAsync(queue, options, ct));
            Report(context.Output, new { name = queue, created.Partitions, created.MaxDeliveries, visibilityTimeoutMs = created.VisibilityTimeoutMs, created.DeadLetterQueue },
                $"Queue '{Markup.Escape(queue)}': {created.Partitions} partitions, max deliveries {created.MaxDeliveries}, dead letters to '{Markup.Escape(created.DeadLetterQueue ?? string.Empty)}'.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Send(HandlerFactory handler)
    {
        var name = QueueName();
        var body = new Argument<string>("body") { Description = "the message body (UTF-8 text)" };
        var key = new Option<string?>("--key") { Description = "partition key: messages with one key keep their order" };
        var dedupId = new Option<string?>("--dedup-id") { Description = "a repeat within the queue's dedup window returns the first message's id" };
        var delay = CliOptions.Duration("--delay", "how long before the message becomes visible", TimeSpan.Zero, TimeSpan.Zero);
        var command = new Command("send", "Send a message; prints messageId and partition once it is committed.") { name, body, key, dedupId, delay };
        command.SetAction(handler(async (context, ct) =>
        {
            var queue = context.Value(name);
            var message = new MessageToSend(Encoding.UTF8.GetBytes(context.Value(body)))
            {
                PartitionKey = context.Value(key),
                DedupId = context.Value(dedupId),
                Delay = context.Value(delay) ?? TimeSpan.Zero,
            };
            await using var connection = await context.ConnectAsync(ct);
            await using var queues = connection.CreateQueueClient();
            var sent = await Guard(queue, () => queues.SendAsync(queue, message, ct));
            Report(context.Output, new { queue, sent.MessageId, sent.Partition, sent.Duplicate },
                $"Sent message {sent.MessageId} to partition {sent.Partition}{(sent.Duplicate ? " (duplicate: the first message's id)" : string.Empty)}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Receive(HandlerFactory handler)
    {
        var name = QueueName();
        var max = CliOptions.PositiveInt("--max", "messages to take", QueueTable.MaxReceiveMessages, QueueTable.MaxReceiveMessages);
        var visibility = Visibility(TimeSpan.FromMilliseconds(QueueOptions.DefaultVisibilityTimeoutMs));
        var wait = CliOptions.Duration("--wait", "how long to wait for a message when none is visible (at most 20s)", TimeSpan.Zero, TimeSpan.Zero);
        var command = new Command("receive", "Receive messages; prints each one's messageId, body, receipt, deliveryCount and partition.") { name, max, visibility, wait };
        command.SetAction(handler(async (context, ct) =>
        {
            var queue = context.Value(name);
            var waitFor = context.Value(wait) ?? TimeSpan.Zero;
            if (waitFor > TimeSpan.FromMilliseconds(QueueTable.MaxWaitMs))
            {
                throw new CliException(ExitCodes.BadInput, ErrorCodes.BadInput, $"--wait is at most {DurationParser.Format(TimeSpan.FromMilliseconds(QueueTable.MaxWaitMs))}.");
            }

            await using var connection = await context.ConnectAsync(ct);
            await using var queues = connection.CreateQueueClient();
            var messages = await Guard(queue, () => queues.ReceiveAsync(queue, context.Value(max), context.Value(visibility), waitFor, ct));
            var json = messages.Select(m => new
            {
                m.MessageId,
                body = Encoding.UTF8.GetString(m.Body),
                receipt = m.Receipt.ToString(),
                m.DeliveryCount,
                m.Partition,
            }).ToList();
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { queue, messages = json });
            }
            else
            {
                var table = new Table().AddColumns("messageId", "partition", "deliveryCount", "receipt", "body");
                foreach (var m in json)
                {
                    table.AddRow(m.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        m.DeliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(m.receipt), Markup.Escape(m.body));
                }

                context.Output.Console.MarkupLine(json.Count == 0 ? "No message." : $"{json.Count} message(s):");
                if (json.Count > 0)
                {
                    context.Output.Console.Write(table);
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ReceiptCommand(HandlerFactory handler, string operation, string description)
    {
        var name = QueueName();
        var receipt = new Option<string>("--receipt") { Description = "the receipt printed by 'queue receive'", Required = true };
        var delay = CliOptions.Duration("--delay", "nack: how long before the message is visible again", TimeSpan.Zero, TimeSpan.Zero);
        var visibility = Visibility(TimeSpan.FromSeconds(60));
        var command = new Command(operation, description) { name, receipt };
        if (operation == "nack")
        {
            command.Add(delay);
        }

        if (operation == "extend")
        {
            command.Add(visibility);
        }

        command.SetAction(handler(async (context, ct) =>
        {
            var queue = context.Value(name);
            if (!QueueReceipt.TryParse(context.Value(receipt), out var parsed))
            {
                throw new CliException(ExitCodes.BadInput, ErrorCodes.BadInput, $"'{context.Value(receipt)}' is not a receipt (partition.messageId.delivery.receiveIndex, as 'queue receive' prints).");
            }

            await using var connection = await context.ConnectAsync(ct);
            await using var queues = connection.CreateQueueClient();
            long? visibleUntilMs = null;
            switch (operation)
            {
                case "ack":
                    await Guard(queue, () => queues.AckAsync(queue, parsed, ct));
                    break;
                case "nack":
                    await Guard(queue, () => queues.NackAsync(queue, parsed, context.Value(delay) ?? TimeSpan.Zero, ct));
                    break;
                default:
                    visibleUntilMs = await Guard(queue, () => queues.ExtendAsync(queue, parsed, context.Value(visibility) ?? TimeSpan.FromSeconds(60), ct));
                    break;
            }

            Report(context.Output, new { queue, operation, receipt = parsed.ToString(), visibleUntilMs }, $"{operation}: done for message {parsed.MessageId}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Stats(HandlerFactory handler)
    {
        var name = QueueName();
        var command = new Command("stats", "Show visible, in-flight, delayed and dead-lettered counts, summed over the partitions.") { name };
        command.SetAction(handler(async (context, ct) =>
        {
            var queue = context.Value(name);
            await using var connection = await context.ConnectAsync(ct);
            await using var queues = connection.CreateQueueClient();
            var stats = await Guard(queue, () => queues.GetStatsAsync(queue, ct));
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new
                {
                    queue,
                    stats.Visible,
                    stats.InFlight,
                    stats.Delayed,
                    stats.DeadLettered,
                    stats.OldestMessageAgeMs,
                    stats.SentTotal,
                    stats.ReceivedTotal,
                    stats.AckedTotal,
                });
            }
            else
            {
                var grid = new Grid().AddColumn().AddColumn();
                foreach (var (label, value) in new[]
                {
                    ("visible", stats.Visible), ("inFlight", stats.InFlight), ("delayed", stats.Delayed), ("deadLettered", stats.DeadLettered),
                    ("sentTotal", stats.SentTotal), ("receivedTotal", stats.ReceivedTotal), ("ackedTotal", stats.AckedTotal),
                })
                {
                    grid.AddRow(label, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                context.Output.Console.MarkupLine($"Queue '{Markup.Escape(queue)}':");
                context.Output.Console.Write(grid);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Redrive(HandlerFactory handler)
    {
        var name = QueueName();
        var command = new Command("redrive", "Move every dead letter back to the queue (visible, same id, delivery count reset).") { name };
        command.SetAction(handler(async (context, ct) =>
        {
            var queue = context.Value(name);
            await using var connection = await context.ConnectAsync(ct);
            await using var queues = connection.CreateQueueClient();
            var moved = await Guard(queue, () => queues.RedriveAsync(queue, ct));
            Report(context.Output, new { queue, redriven = moved }, $"Redrove {moved} message(s) back to '{Markup.Escape(queue)}'.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Purge(HandlerFactory handler)
    {
        var name = QueueName();
        var deadLetters = new Option<bool>("--dead-letters") { Description = "purge the dead letters instead of the queue's messages" };
        var command = new Command("purge", "Delete every message of the queue (visible, delayed, in flight), or its dead letters.") { name, deadLetters };
        command.SetAction(handler(async (context, ct) =>
        {
            var queue = context.Value(name);
            await using var connection = await context.ConnectAsync(ct);
            await using var queues = connection.CreateQueueClient();
            var purged = await Guard(queue, () => queues.PurgeAsync(queue, context.Value(deadLetters), ct));
            Report(context.Output, new { queue, purged }, $"Purged {purged} message(s) from '{Markup.Escape(queue)}'.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Delete(HandlerFactory handler)
    {
        var name = QueueName();
        var command = new Command("delete", "Delete the queue with its messages and dead letters, in every partition.") { name };
        command.SetAction(handler(async (context, ct) =>
        {
            var queue = context.Value(name);
            await using var connection = await context.ConnectAsync(ct);
            await using var queues = connection.CreateQueueClient();
            await Guard(queue, () => queues.DeleteQueueAsync(queue, ct));
            Report(context.Output, new { queue, deleted = true }, $"Deleted queue '{Markup.Escape(queue)}'.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Report<T>(CommandOutput output, T json, string markup)
    {
        if (output.IsJson)
        {
            output.WriteJson(json);
        }
        else
        {
            output.Console.MarkupLine(markup);
        }
    }

    /// <summary>Runs a queue operation, turning its refusals into <see cref="CliException"/>s: JSON code the snake_case of the <see cref="QueueErrorCode"/>.</summary>
    internal static async Task<T> Guard<T>(string queue, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (QueueException exception)
        {
            var exitCode = exception.Code is QueueErrorCode.InvalidArgument or QueueErrorCode.MessageTooLarge or QueueErrorCode.BatchTooLarge ? ExitCodes.BadInput : ExitCodes.Failed;
            throw new CliException(exitCode, FailureMapper.SnakeCase(exception.Code.ToString()), $"Queue '{queue}': {exception.Message}", exception);
        }
        catch (Exception exception) when (FailureMapper.Map(exception, queue) is { } failure)
        {
            throw failure;
        }
    }

    internal static Task Guard(string queue, Func<Task> operation) =>
        Guard(queue, async () =>
        {
            await operation();
            return true;
        });
}
