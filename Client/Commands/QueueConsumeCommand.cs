using System.CommandLine;
using System.Diagnostics;
using OrleansSync.Client.Cli;
using OrleansSync.Client.Formatting;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;

namespace OrleansSync.Client.Commands;

/// <summary>
/// <c>queue consume NAME -- CMD ARGS...</c>: runs the command once per message, the body on its
/// stdin, through the handler-driven consumer (<see cref="DistributedQueueClient.ConsumeAsync(string, Func{DeliveredMessage, CancellationToken, Task}, QueueConsumeOptions?, CancellationToken)"/>):
/// the message's visibility is extended while the command runs, exit 0 acks it, any other exit
/// nacks it with backoff. The command's stdout goes to the client's stderr, so stdout holds only
/// the one line per message (a JSON object with <c>--json</c>). Ends after <c>--max</c> messages
/// or on Ctrl+C (exit 0 either way).
/// </summary>
internal static class QueueConsumeCommand
{
    public const string QueueVariable = "ORLEANSSYNC_QUEUE";
    public const string MessageIdVariable = "ORLEANSSYNC_MESSAGE_ID";
    public const string DeliveryCountVariable = "ORLEANSSYNC_DELIVERY_COUNT";
    public const string ReceiptVariable = "ORLEANSSYNC_RECEIPT";
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan DefaultVisibility = TimeSpan.FromSeconds(30);

    public static Command Build(HandlerFactory handler, Argument<string> name)
    {
        var max = new Option<int?>("--max") { Description = "stop after handling this many messages (default: until Ctrl+C)" };
        max.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--max must be at least 1.");
            }
        });
        var visibility = CliOptions.Duration("--visibility", "how long a message stays hidden, extended every third of it while the command runs", DefaultVisibility, TimeSpan.FromMilliseconds(100));
        var retryDelay = CliOptions.Duration("--retry-delay", "nack delay after a first failure, doubling per delivery up to 1m", TimeSpan.FromSeconds(1), TimeSpan.Zero);
        var program = new Argument<string[]>("command") { Description = "the command and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var command = new Command(
            "consume",
            "Run a command once per message with the body on its stdin: visibility is extended while it runs, exit 0 acks, anything else nacks with backoff. "
            + "Prints one line per message; ends after --max messages or on Ctrl+C.")
        {
            name, max, visibility, retryDelay, program,
        };
        command.SetAction(handler(async (context, ct) =>
        {
            var queue = context.Value(name);
            var firstRetry = context.Value(retryDelay) ?? TimeSpan.FromSeconds(1);
            var options = new QueueConsumeOptions
            {
                MaxMessages = 1, // hold one at a time: other consumers get the rest
                VisibilityTimeout = context.Value(visibility) ?? DefaultVisibility,
                RetryBaseDelay = firstRetry,
                RetryMaxDelay = firstRetry > MaxRetryDelay ? firstRetry : MaxRetryDelay,
            };
            await using var connection = await context.ConnectAsync(ct);
            await using var queues = connection.CreateQueueClient();
            return await ConsumeAsync(context.Output, queues, queue, context.Value(program), options, context.Value(max), ct);
        }));
        return command;
    }

    private static async Task<int> ConsumeAsync(
        CommandOutput output, DistributedQueueClient queues, string queue, IReadOnlyList<string> program, QueueConsumeOptions options, int? max, CancellationToken cancellationToken)
    {
        // A command that cannot start would fail every message into the dead letters: stop instead, and give the message back.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CliException? notStarted = null;
        var exitCode = 0;
        async Task RunAsync(DeliveredMessage message, CancellationToken messageToken)
        {
            try
            {
                exitCode = await RunOnceAsync(queue, message, program, output.Stderr, messageToken);
            }
            catch (CliException failure) when (failure.ExitCode == ExitCodes.CommandNotStarted)
            {
                notStarted = failure;
                await stop.CancelAsync();
                throw new OperationCanceledException(failure.Message, failure, stop.Token);
            }

            if (exitCode != 0)
            {
                throw new InvalidOperationException($"'{program[0]}' exited with {exitCode}.");
            }
        }

        var handled = 0;
        await QueueCommands.Guard(queue, async () =>
        {
            await foreach (var outcome in queues.ConsumeAsync(queue, RunAsync, options, stop.Token))
            {
                Report(output, queue, outcome, exitCode);
                if (++handled == max)
                {
                    break;
                }
            }
        });
        return notStarted is not null ? throw notStarted : ExitCodes.Success;
    }

    /// <summary>Runs the command on one message to its end; kills it when the delivery is lost or the consumer stops.</summary>
    private static async Task<int> RunOnceAsync(string queue, DeliveredMessage message, IReadOnlyList<string> program, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var process = Start(queue, message, program);
        var forwarding = ForwardAsync(process.StandardOutput, stderr);
        try
        {
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(message.Body, cancellationToken);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The command exited without reading all of its stdin; its exit code still decides.
            }

            await process.WaitForExitAsync(cancellationToken);
            await forwarding;
            return process.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ChildProcess.KillAsync(process);
            throw;
        }
    }

    /// <summary>Copies the command's stdout to the client's stderr, a bounded buffer at a time, until the command closes it.</summary>
    private static async Task ForwardAsync(StreamReader commandStdout, TextWriter stderr)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await commandStdout.ReadAsync(buffer, CancellationToken.None)) > 0)
        {
            await stderr.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
        }

        await stderr.FlushAsync(CancellationToken.None);
    }

    private static Process Start(string queue, DeliveredMessage message, IReadOnlyList<string> program) =>
        ChildProcess.Start(
            program,
            new Dictionary<string, string>
            {
                [QueueVariable] = queue,
                [MessageIdVariable] = Formats.Number(message.MessageId),
                [DeliveryCountVariable] = Formats.Number(message.DeliveryCount),
                [ReceiptVariable] = message.Receipt.ToString(),
            },
            redirect: true);

    private static void Report(CommandOutput output, string queue, QueueHandledMessage handled, int exitCode)
    {
        var outcome = handled.Outcome.ToString().ToLowerInvariant();
        var message = handled.Message;
        var code = handled.Outcome == QueueHandlingOutcome.Lost ? (int?)null : exitCode;
        if (output.IsJson)
        {
            output.WriteJson(new
            {
                queue,
                message.MessageId,
                message.Partition,
                message.DeliveryCount,
                outcome,
                exitCode = code,
                retryDelayMs = (long)handled.RetryDelay.TotalMilliseconds,
                handled.Extensions,
                error = handled.Outcome == QueueHandlingOutcome.Acked ? null : handled.Error?.Message,
            });
            return;
        }

        var detail = handled.Outcome switch
        {
            QueueHandlingOutcome.Acked => "exit 0, acked",
            QueueHandlingOutcome.Nacked => $"exit {exitCode}, nacked, retry in {DurationParser.Format(handled.RetryDelay)}",
            _ => $"lost ({handled.Error?.Message})",
        };
        output.Stdout.WriteLine($"message {message.MessageId} (partition {message.Partition}, delivery {message.DeliveryCount}): {detail}");
        output.Stdout.Flush();
    }
}
