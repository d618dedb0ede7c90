using OrleansSync.Client.Cli;
using OrleansSync.Client.Tests.Cluster;

namespace OrleansSync.Client.Tests.Commands;

/// <summary>The queue commands end to end in this process: command line → handlers → queue client → a InProcessTestCluster.</summary>
public sealed class QueueCommandTests(LockClusterFixture fixture) : IClassFixture<LockClusterFixture>
{
    private readonly TestClusterConnector _connector = new(fixture.GrainFactory);

    [Fact]
    public async Task DeadLettering_FromTheConsole_MaxDeliveries2_TwoNacks_StatsShowIt_RedriveBringsItBack()
    {
        var queue = Unique("dlq");
        var created = await Run("--json", "queue", "create", queue, "--max-deliveries", "2", "--partitions", "2");
        var sent = (await Run("--json", "queue", "send", queue, "poison")).Json();
        for (var round = 0; round < 2; round++)
        {
            var received = await Run("--json", "queue", "receive", queue, "--visibility", "1s", "--wait", "20s");
            var message = Assert.Single(received.Json().GetProperty("messages").EnumerateArray());
            Assert.Equal(round + 1, message.GetProperty("deliveryCount").GetInt32());
            var nacked = await Run("--json", "queue", "nack", queue, "--receipt", message.GetProperty("receipt").GetString()!);
            Assert.True(nacked.ExitCode == ExitCodes.Success, nacked.ToString());
        }

        var stats = (await Run("--json", "queue", "stats", queue)).Json();
        var redriven = (await Run("--json", "queue", "redrive", queue)).Json();
        var back = Assert.Single((await Run("--json", "queue", "receive", queue, "--wait", "20s")).Json().GetProperty("messages").EnumerateArray());

        Assert.True(created.ExitCode == ExitCodes.Success, created.ToString());
        Assert.Equal((0, 1), (stats.GetProperty("visible").GetInt64(), stats.GetProperty("deadLettered").GetInt64()));
        Assert.Equal(1, redriven.GetProperty("redriven").GetInt64());
        Assert.Equal(sent.GetProperty("messageId").GetUInt64(), back.GetProperty("messageId").GetUInt64());
        Assert.Equal("poison", back.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Dedup_AndAck_FromTheConsole_ARepeatEnqueuesOnce_AnAckedMessageIsNotReceivedAgain_AStaleReceiptIsRefused()
    {
        var queue = Unique("dedup");
        await Run("--json", "queue", "create", queue);
        var first = (await Run("--json", "queue", "send", queue, "pay", "--dedup-id", "p-1")).Json();
        var repeat = (await Run("--json", "queue", "send", queue, "pay", "--dedup-id", "p-1")).Json();
        var message = Assert.Single((await Run("--json", "queue", "receive", queue, "--wait", "20s")).Json().GetProperty("messages").EnumerateArray());
        var receipt = message.GetProperty("receipt").GetString()!;
        var acked = await Run("--json", "queue", "ack", queue, "--receipt", receipt);
        var again = await Run("--json", "queue", "ack", queue, "--receipt", receipt);
        var empty = (await Run("--json", "queue", "receive", queue)).Json();

        Assert.Equal(first.GetProperty("messageId").GetUInt64(), repeat.GetProperty("messageId").GetUInt64());
        Assert.True(repeat.GetProperty("duplicate").GetBoolean());
        Assert.Equal(ExitCodes.Success, acked.ExitCode);
        Assert.Equal(ExitCodes.Failed, again.ExitCode);
        Assert.Equal("receipt_stale", again.ErrorCode());
        Assert.Empty(empty.GetProperty("messages").EnumerateArray());
    }

    [Theory]
    [InlineData("queue", "create", "bad name")]
    [InlineData("queue", "create", "q", "--partitions", "257")]
    [InlineData("queue", "receive", "q", "--wait", "21s")]
    [InlineData("queue", "ack", "q", "--receipt", "1.2")]
    public async Task BadInput_ExitsTwo(params string[] args)
    {
        var run = await Run(["--json", .. args]);
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
    }

    [Fact]
    public async Task Send_ToAMissingQueue_ExitsOne_WithQueueNotFound()
    {
        var run = await Run("--json", "queue", "send", Unique("missing"), "x");
        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Equal("queue_not_found", run.ErrorCode());
    }

    [Fact]
    public async Task BenchQueue_Json_SendsAndAcks_WithOrderedPercentiles()
    {
        var run = await Run("--json", "bench", "queue", "--producers", "2", "--consumers", "2", "--partitions", "2", "--seconds", "1");

        var json = run.Json();
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.True(json.GetProperty("sent").GetInt64() > 0);
        Assert.True(json.GetProperty("acked").GetInt64() <= json.GetProperty("sent").GetInt64());
        Assert.Equal(0, json.GetProperty("errors").GetInt64());
        Assert.True(json.GetProperty("sendP50Ms").GetDouble() <= json.GetProperty("sendP99Ms").GetDouble());
    }

    [Fact]
    public async Task BenchQueue_Human_EndsWithTheSummaryTable()
    {
        var run = await Run("bench", "queue", "--producers", "1", "--consumers", "1", "--seconds", "1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("bench queue", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("sends/s", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consume_RunsTheCommandPerMessage_BodyOnStdin_Exit0Acks_OtherExitsNackWithBackoff_AndStopsAfterMax()
    {
        var queue = Unique("consume");
        await Run("--json", "queue", "create", queue, "--partitions", "1");
        var ok = (await Run("--json", "queue", "send", queue, "ok")).Json();
        var bad = (await Run("--json", "queue", "send", queue, "bad")).Json();

        var run = await Run(
            "--json", "queue", "consume", queue, "--max", "2", "--retry-delay", "30s", "--",
            "sh", "-c", $"test \"$(cat)\" = ok && test \"$ORLEANSSYNC_QUEUE\" = '{queue}' && test \"$ORLEANSSYNC_DELIVERY_COUNT\" = 1");
        var lines = Lines(run);
        var stats = (await Run("--json", "queue", "stats", queue)).Json();

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(2, lines.Count);
        Assert.Equal((ok.GetProperty("messageId").GetUInt64(), "acked", 0), (lines[0].GetProperty("messageId").GetUInt64(), lines[0].GetProperty("outcome").GetString(), lines[0].GetProperty("exitCode").GetInt32()));
        Assert.Equal((bad.GetProperty("messageId").GetUInt64(), "nacked", 1), (lines[1].GetProperty("messageId").GetUInt64(), lines[1].GetProperty("outcome").GetString(), lines[1].GetProperty("exitCode").GetInt32()));
        Assert.Equal(30_000, lines[1].GetProperty("retryDelayMs").GetInt64());
        // The nacked message waits out its backoff; the acked one is gone.
        Assert.Equal((0L, 0L, 1L, 1L), (stats.GetProperty("visible").GetInt64(), stats.GetProperty("inFlight").GetInt64(), stats.GetProperty("delayed").GetInt64(), stats.GetProperty("ackedTotal").GetInt64()));
    }

    [Fact]
    public async Task Consume_ACommandSlowerThanTheVisibility_KeepsItsMessageByHeartbeats_AndAcks()
    {
        var queue = Unique("slowconsume");
        await Run("--json", "queue", "create", queue, "--partitions", "1");
        await Run("--json", "queue", "send", queue, "slow");

        // Three visibility timeouts long: without the heartbeats the receipt would be stale and the outcome "lost".
        var run = await Run("--json", "queue", "consume", queue, "--max", "1", "--visibility", "2s", "--", "sh", "-c", "cat > /dev/null; sleep 6");
        var line = Assert.Single(Lines(run));
        var stats = (await Run("--json", "queue", "stats", queue)).Json();

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("acked", line.GetProperty("outcome").GetString());
        Assert.True(line.GetProperty("extensions").GetInt32() > 0, line.ToString());
        Assert.Equal((0L, 1L), (stats.GetProperty("visible").GetInt64(), stats.GetProperty("ackedTotal").GetInt64()));
    }

    [Fact]
    public async Task Consume_ACommandThatCannotStart_Exits127_AndGivesTheMessageBack()
    {
        var queue = Unique("nostart");
        await Run("--json", "queue", "create", queue, "--partitions", "1");
        await Run("--json", "queue", "send", queue, "x");

        var run = await Run("--json", "queue", "consume", queue, "--", "/nonexistent/orleanssync-no-such-program");
        var stats = (await Run("--json", "queue", "stats", queue)).Json();

        Assert.Equal(ExitCodes.CommandNotStarted, run.ExitCode);
        Assert.Equal("command_not_started", run.ErrorCode());
        Assert.Equal((1L, 0L, 0L), (stats.GetProperty("visible").GetInt64(), stats.GetProperty("inFlight").GetInt64(), stats.GetProperty("deadLettered").GetInt64()));
    }

    [Fact]
    public async Task Delete_RemovesTheQueue_ThenASendSaysQueueNotFound()
    {
        var queue = Unique("delete");
        await Run("--json", "queue", "create", queue);
        await Run("--json", "queue", "send", queue, "x");

        var deleted = await Run("--json", "queue", "delete", queue);
        var send = await Run("--json", "queue", "send", queue, "y");

        Assert.True(deleted.ExitCode == ExitCodes.Success, deleted.ToString());
        Assert.True(deleted.Json().GetProperty("deleted").GetBoolean());
        Assert.Equal("queue_not_found", send.ErrorCode());
    }

    /// <summary>The one JSON object per handled message that <c>queue consume --json</c> prints.</summary>
    private static List<System.Text.Json.JsonElement> Lines(ClientRun run) =>
        [.. run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.Clone())];

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private Task<ClientRun> Run(params string[] args) => ClientRun.RunAsync(_connector, args);
}
