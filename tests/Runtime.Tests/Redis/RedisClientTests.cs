using System.Text;
using OrleansSync.Runtime.Redis;
using OrleansSync.Runtime.Tests.Membership;

namespace OrleansSync.Runtime.Tests.Redis;

[Trait("Category", "Redis")]
public sealed class RedisClientTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RedisClient _client = null!;

    public async Task InitializeAsync() => _client = await RedisTestOptions.ConnectAsync(redis.Endpoint);

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task SetGetDelete_String_RoundTrips()
    {
        const string Key = "client:string";

        Assert.True(await _client.SetAsync(Key, "värde"));
        Assert.Equal("värde", await _client.GetStringAsync(Key));
        Assert.True(await _client.ExistsAsync(Key));
        Assert.True(await _client.DeleteAsync(Key));
        Assert.False(await _client.DeleteAsync(Key));
        Assert.Null(await _client.GetAsync(Key));
        Assert.False(await _client.ExistsAsync(Key));
    }

    [Fact]
    public async Task SetGet_BinaryAndLargeValue_RoundTripsByteForByte()
    {
        var value = new byte[1_000_003];
        new Random(17).NextBytes(value);

        await _client.SetAsync("client:binary", value);

        Assert.Equal(value, await _client.GetAsync("client:binary"));
    }

    [Fact]
    public async Task Set_WithConditions_WritesOnlyWhenAllowed()
    {
        const string Key = "client:conditional";

        Assert.False(await _client.SetAsync(Key, "x", condition: RedisSetCondition.Exists));
        Assert.True(await _client.SetAsync(Key, "first", condition: RedisSetCondition.NotExists));
        Assert.False(await _client.SetAsync(Key, "second", condition: RedisSetCondition.NotExists));
        Assert.True(await _client.SetAsync(Key, "third", condition: RedisSetCondition.Exists));
        Assert.Equal("third", await _client.GetStringAsync(Key));
    }

    [Fact]
    public async Task Expiry_SetPxExpireAndPExpire_SetTimeToLive()
    {
        await _client.SetAsync("client:px", "v", expiry: TimeSpan.FromMinutes(10));
        var ttlAfterSet = await _client.PTimeToLiveAsync("client:px");
        Assert.InRange(ttlAfterSet, 1, 600_000);

        await _client.SetAsync("client:expire", "v");
        Assert.Equal(-1, await _client.PTimeToLiveAsync("client:expire"));
        Assert.True(await _client.ExpireAsync("client:expire", 100));
        Assert.InRange(await _client.PTimeToLiveAsync("client:expire"), 1, 100_000);
        Assert.True(await _client.PExpireAsync("client:expire", 1));
        Assert.False(await _client.PExpireAsync("client:missing", 1_000));
        Assert.Equal(-2, await _client.PTimeToLiveAsync("client:missing"));
    }

    [Fact]
    public async Task Hashes_SetGetGetAllDelete_Work()
    {
        const string Key = "client:hash";

        Assert.True(await _client.HashSetAsync(Key, "a", "1"));
        Assert.False(await _client.HashSetAsync(Key, "a", "2"));
        Assert.Equal(1, await _client.HashSetAsync(Key, [new("b", "x"), new("a", "3")]));
        Assert.Equal("3", Encoding.UTF8.GetString((await _client.HashGetAsync(Key, "a"))!));
        Assert.Null(await _client.HashGetAsync(Key, "missing"));

        var all = await _client.HashGetAllAsync(Key);
        Assert.Equal(["a", "b"], all.Keys.Order());
        Assert.Equal("x", Encoding.UTF8.GetString(all["b"]));

        Assert.True(await _client.HashDeleteAsync(Key, "a"));
        Assert.False(await _client.HashDeleteAsync(Key, "a"));
        Assert.Empty(await _client.HashGetAllAsync("client:no-such-hash"));
    }

    [Fact]
    public async Task Increment_Counts_AndWrongTypeIsATypedServerError()
    {
        Assert.Equal(1, await _client.IncrementAsync("client:counter"));
        Assert.Equal(2, await _client.IncrementAsync("client:counter"));
        await _client.HashSetAsync("client:not-a-number", "f", "v");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => _client.IncrementAsync("client:not-a-number"));

        Assert.Equal("WRONGTYPE", error.Prefix);
        Assert.Contains("wrong kind of value", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_UnknownCommand_ThrowsServerErrorAndConnectionStaysUsable()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => _client.ExecuteAsync("NOSUCHCOMMAND", "x"));

        Assert.Equal("ERR", error.Prefix);
        Assert.Contains("unknown command", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal("PONG", await _client.PingAsync());
    }

    [Fact]
    public async Task Evaluate_AfterScriptFlush_FallsBackFromEvalShaToEval()
    {
        var script = new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
        await _client.ExecuteAsync("SCRIPT", "FLUSH");

        var first = await _client.EvaluateAsync(script, ["client:eval"], [5]);
        var loadedSha = await _client.ScriptLoadAsync(script);
        var second = await _client.EvaluateAsync(script, ["client:eval"], [2]);

        Assert.Equal(5, first.AsInteger());
        Assert.Equal(7, second.AsInteger());
        Assert.Equal(script.Sha1Hex, loadedSha);
        var exists = await _client.ExecuteAsync("SCRIPT", "EXISTS", script.Sha1Hex);
        Assert.Equal(1, exists.Elements[0].AsInteger());
    }

    [Fact]
    public async Task Evaluate_ScriptError_IsATypedServerError()
    {
        var script = new RedisScript("return redis.error_reply('CONFLICT etag mismatch')");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => _client.EvaluateAsync(script, [], []));

        Assert.Equal("CONFLICT", error.Prefix);
    }

    [Fact]
    public async Task ConcurrentCallers_FiftyPipelined_EachGetsItsOwnReplies()
    {
        const int Callers = 50;
        const int OperationsPerCaller = 200;

        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (var operation = 0; operation < OperationsPerCaller; operation++)
            {
                var key = $"client:concurrent:{caller}";
                var setTask = _client.SetAsync(key, $"{caller}-{operation}");
                var getTask = _client.GetStringAsync(key);
                var incrementTask = _client.IncrementAsync("client:concurrent:total");
                await Task.WhenAll(setTask, getTask, incrementTask);
                Assert.Equal($"{caller}-{operation}", getTask.Result);
            }
        }));
        await Task.WhenAll(callers);

        Assert.Equal(Callers * OperationsPerCaller, long.Parse((await _client.GetStringAsync("client:concurrent:total"))!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Select_DifferentDatabases_AreIsolated()
    {
        await using var database3 = await RedisTestOptions.ConnectAsync(redis.Endpoint, options => options.Database = 3);

        await _client.SetAsync("client:db", "zero");
        await database3.SetAsync("client:db", "three");

        Assert.Equal("zero", await _client.GetStringAsync("client:db"));
        Assert.Equal("three", await database3.GetStringAsync("client:db"));
        Assert.Equal(3, (await database3.ExecuteAsync("CLIENT", "INFO")).AsString()!.Split(' ').Select(field => field.Split('=')).Where(pair => pair[0] == "db").Select(pair => int.Parse(pair[1], System.Globalization.CultureInfo.InvariantCulture)).Single());
    }

    [Fact]
    public async Task Resp3_HelloNegotiated_MapsAndNullsParse()
    {
        await using var resp3 = await RedisTestOptions.ConnectAsync(redis.Endpoint, options =>
        {
            options.ProtocolVersion = 3;
            options.ClientName = "resp3-test";
        });
        await resp3.HashSetAsync("client:resp3", "f", "v");

        var raw = await resp3.ExecuteAsync("HGETALL", "client:resp3");
        var all = await resp3.HashGetAllAsync("client:resp3");

        Assert.Equal(RedisReplyKind.Map, raw.Kind);
        Assert.Equal("v", Encoding.UTF8.GetString(all["f"]));
        Assert.Equal(RedisReplyKind.Null, (await resp3.ExecuteAsync("GET", "client:resp3-missing")).Kind);
        Assert.Equal("resp3-test", (await resp3.ExecuteAsync("CLIENT", "GETNAME")).AsString());
    }

    [Fact]
    public async Task CommandTimeout_BlockedConnection_ThrowsTimeoutAndLateReplyIsDiscarded()
    {
        await using var blocked = await RedisTestOptions.ConnectAsync(redis.Endpoint, options => options.CommandTimeoutMs = 300);
        await using var helper = await RedisTestOptions.ConnectAsync(redis.Endpoint);

        // BLPOP on an empty list blocks this connection until someone pushes: a deterministic stall.
        var timeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => blocked.ExecuteAsync("BLPOP", "client:timeout-list", "0"));
        Assert.Contains("CommandTimeoutMs=300", timeout.Message, StringComparison.Ordinal);

        await helper.SetAsync("client:timeout-key", "after");
        await helper.ExecuteAsync("LPUSH", "client:timeout-list", "unblock");

        // The BLPOP reply arrives late and is dropped; the next reply is matched to the next command.
        Assert.Equal("after", await blocked.GetStringAsync("client:timeout-key"));
    }

    [Fact]
    public async Task Cancellation_WhileAwaitingReply_ThrowsCanceledAndRepliesStayAligned()
    {
        await using var helper = await RedisTestOptions.ConnectAsync(redis.Endpoint);
        await _client.SetAsync("client:cancel-key", "value");
        using var cancellation = new CancellationTokenSource();

        var blocked = _client.ExecuteAsync(["BLPOP", "client:cancel-list", "0"], cancellation.Token);
        var queuedBehind = _client.GetStringAsync("client:cancel-key");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        await helper.ExecuteAsync("LPUSH", "client:cancel-list", "unblock");
        Assert.Equal("value", await queuedBehind);
    }

    [Fact]
    public async Task Execute_AlreadyCanceledToken_IsNeverSent()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.ExecuteAsync(["SET", "client:never-sent", "x"], cancellation.Token));

        Assert.False(await _client.ExistsAsync("client:never-sent"));
    }

    [Fact]
    public async Task ConcurrentCallers_WithTinyQueues_AllCompleteInOrder()
    {
        await using var tiny = await RedisTestOptions.ConnectAsync(redis.Endpoint, options =>
        {
            options.MaxPendingCommands = 2;
            options.MaxInFlightCommands = 2;
            options.MaxBatchCommands = 1;
        });

        var callers = Enumerable.Range(0, 50).Select(caller => Task.Run(async () =>
        {
            for (var operation = 0; operation < 20; operation++)
            {
                await tiny.SetAsync($"client:tiny:{caller}", operation);
                Assert.Equal(operation.ToString(System.Globalization.CultureInfo.InvariantCulture), await tiny.GetStringAsync($"client:tiny:{caller}"));
            }
        }));

        await Task.WhenAll(callers);
    }

    [Fact]
    public async Task FullQueue_BehindABlockedConnection_TimedOutCommandsAreNeverSent()
    {
        await using var tiny = await RedisTestOptions.ConnectAsync(redis.Endpoint, options =>
        {
            options.MaxPendingCommands = 1;
            options.MaxInFlightCommands = 1;
            options.MaxBatchCommands = 1;
            options.CommandTimeoutMs = 300;
        });
        await using var helper = await RedisTestOptions.ConnectAsync(redis.Endpoint);

        // The BLPOP holds the only in-flight slot; at most one more command fits in the writer's hand
        // and one in the queue, so of three more at least one must wait for room and time out unsent.
        var commands = new List<Task<RedisReply>> { tiny.ExecuteAsync("BLPOP", "client:full-list", "0") };
        commands.AddRange(Enumerable.Range(0, 3).Select(index => tiny.ExecuteAsync("SET", $"client:full:{index}", "x")));

        var errors = new List<RedisTimeoutException>();
        foreach (var command in commands)
        {
            errors.Add(await Assert.ThrowsAsync<RedisTimeoutException>(() => command));
        }

        Assert.Contains(errors, error => error.Message.Contains("room in the command queue", StringComparison.Ordinal));
        await helper.ExecuteAsync("LPUSH", "client:full-list", "unblock");
        Assert.Equal("PONG", await tiny.PingAsync());
        for (var index = 0; index < 3; index++)
        {
            Assert.False(await helper.ExistsAsync($"client:full:{index}"), $"timed-out SET {index} was sent anyway");
        }
    }

    [Fact]
    public async Task CommandTimeout_ComesFromTheTimeProvider_AndFiresOnlyAtTheDeadline()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        await using var client = await RedisClient.ConnectAsync(
            RedisTestOptions.For(redis.Endpoint, options => options.CommandTimeoutMs = 1_000),
            timeProvider: clock,
            reconnectJitter: new Random(RedisTestOptions.JitterSeed));
        await using var helper = await RedisTestOptions.ConnectAsync(redis.Endpoint);
        var blocked = client.ExecuteAsync("BLPOP", "client:manual-clock-list", "0");

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(blocked.IsCompleted, "the command failed before its deadline");
        clock.Advance(TimeSpan.FromMilliseconds(101));

        var timeout = await Assert.ThrowsAsync<RedisTimeoutException>(() => blocked);
        Assert.Contains("BLPOP", timeout.Message, StringComparison.Ordinal);
        await helper.ExecuteAsync("LPUSH", "client:manual-clock-list", "unblock");
        Assert.Equal("PONG", await client.PingAsync());
    }
}
