using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// A Redis client over one multiplexed, pipelined connection: safe for any number of concurrent
/// callers, whose commands are batched onto the socket and answered in order. It reconnects by
/// itself; while disconnected, calls fail fast with <see cref="RedisConnectionException"/>.
/// No command is ever retried by the client: after a connection loss a command may or may not
/// have run, and only the caller knows whether it is idempotent.
/// </summary>
public sealed class RedisClient : IAsyncDisposable
{
    private readonly RedisConnectionManager _manager;

    private RedisClient(RedisConnectionManager manager)
    {
        _manager = manager;
    }

    /// <summary>The server this client talks to.</summary>
    public RedisEndpoint Endpoint => _manager.Endpoint;

    /// <summary>True while a connection is open.</summary>
    public bool IsConnected => _manager.IsConnected;

    /// <summary>
    /// Connects, authenticates and selects the database; fails with <see cref="RedisConnectionException"/>,
    /// <see cref="RedisServerException"/> (e.g. WRONGPASS) or <see cref="ArgumentException"/> (invalid options).
    /// <c>reconnectJitter</c> is the seeded source for reconnect jitter; null seeds one from the process id and tick count.
    /// </summary>
    public static async Task<RedisClient> ConnectAsync(
        RedisOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        Random? reconnectJitter = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var manager = new RedisConnectionManager(
            options,
            "commands",
            timeProvider ?? TimeProvider.System,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RedisClient>(),
            reconnectJitter ?? new Random(Environment.ProcessId ^ Environment.TickCount),
            onPush: null,
            onConnected: null);
        try
        {
            await manager.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await manager.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new RedisClient(manager);
    }

    /// <summary>Completes when a connection is open, e.g. after an outage.</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken) => _manager.WaitUntilConnectedAsync(cancellationToken);

    /// <summary>Runs any command, e.g. <c>ExecuteAsync("CLIENT", "ID")</c>. Server errors throw <see cref="RedisServerException"/>.</summary>
    public Task<RedisReply> ExecuteAsync(params RedisValue[] commandAndArguments) => ExecuteAsync(commandAndArguments, CancellationToken.None);

    /// <summary>Runs any command. Server errors throw <see cref="RedisServerException"/>.</summary>
    public Task<RedisReply> ExecuteAsync(IReadOnlyList<RedisValue> commandAndArguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandAndArguments);
        if (commandAndArguments.Count == 0)
        {
            throw new ArgumentException("a command needs at least its name", nameof(commandAndArguments));
        }

        RedisConnection connection;
        try
        {
            connection = _manager.GetConnection();
        }
        catch (RedisConnectionException exception)
        {
            return Task.FromException<RedisReply>(exception);
        }

        return connection.ExecuteAsync(commandAndArguments, cancellationToken);
    }

    public async Task<string> PingAsync(CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["PING"], cancellationToken).ConfigureAwait(false)).AsString() ?? string.Empty;

    /// <summary><c>GET key</c>: the value's bytes, or null if the key does not exist.</summary>
    public async Task<byte[]?> GetAsync(RedisValue key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["GET", key], cancellationToken).ConfigureAwait(false)).AsBytes();

    /// <summary><c>GET key</c> as UTF-8 text, or null if the key does not exist.</summary>
    public async Task<string?> GetStringAsync(RedisValue key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["GET", key], cancellationToken).ConfigureAwait(false)).AsString();

    /// <summary><c>SET key value [PX ms] [NX|XX]</c>: true if written, false if the condition prevented it.</summary>
    public async Task<bool> SetAsync(
        RedisValue key,
        RedisValue value,
        TimeSpan? expiry = null,
        RedisSetCondition condition = RedisSetCondition.Always,
        CancellationToken cancellationToken = default)
    {
        var command = new List<RedisValue>(6) { "SET", key, value };
        if (expiry is { } ttl)
        {
            var milliseconds = (long)Math.Ceiling(ttl.TotalMilliseconds);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(milliseconds, nameof(expiry));
            command.AddRange(["PX", milliseconds]);
        }

        if (condition != RedisSetCondition.Always)
        {
            command.Add(condition == RedisSetCondition.NotExists ? "NX" : "XX");
        }

        var reply = await ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        return !reply.IsNull;
    }

    /// <summary><c>DEL key...</c>: how many of the keys existed.</summary>
    public async Task<long> DeleteAsync(IReadOnlyList<RedisValue> keys, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(keys.Count, nameof(keys));
        var command = new List<RedisValue>(keys.Count + 1) { "DEL" };
        command.AddRange(keys);
        return (await ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).AsInteger();
    }

    /// <summary><c>DEL key</c>: true if it existed.</summary>
    public async Task<bool> DeleteAsync(RedisValue key, CancellationToken cancellationToken = default) =>
        await DeleteAsync([key], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary><c>EXISTS key</c></summary>
    public async Task<bool> ExistsAsync(RedisValue key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["EXISTS", key], cancellationToken).ConfigureAwait(false)).AsInteger() == 1;

    /// <summary><c>EXPIRE key seconds</c>: false if the key does not exist.</summary>
    public async Task<bool> ExpireAsync(RedisValue key, long seconds, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["EXPIRE", key, seconds], cancellationToken).ConfigureAwait(false)).AsInteger() == 1;

    /// <summary><c>PEXPIRE key milliseconds</c>: false if the key does not exist.</summary>
    public async Task<bool> PExpireAsync(RedisValue key, long milliseconds, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["PEXPIRE", key, milliseconds], cancellationToken).ConfigureAwait(false)).AsInteger() == 1;

    /// <summary><c>PTTL key</c>: remaining milliseconds, -1 without expiry, -2 if the key does not exist.</summary>
    public async Task<long> PTimeToLiveAsync(RedisValue key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["PTTL", key], cancellationToken).ConfigureAwait(false)).AsInteger();

    /// <summary><c>INCR key</c>: the new value.</summary>
    public async Task<long> IncrementAsync(RedisValue key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["INCR", key], cancellationToken).ConfigureAwait(false)).AsInteger();

    /// <summary><c>HGET key field</c>, or null if absent.</summary>
    public async Task<byte[]?> HashGetAsync(RedisValue key, RedisValue field, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["HGET", key, field], cancellationToken).ConfigureAwait(false)).AsBytes();

    /// <summary><c>HSET key field value</c>: true if the field is new.</summary>
    public async Task<bool> HashSetAsync(RedisValue key, RedisValue field, RedisValue value, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["HSET", key, field, value], cancellationToken).ConfigureAwait(false)).AsInteger() == 1;

    /// <summary><c>HSET key field value [field value ...]</c>: how many fields are new.</summary>
    public async Task<long> HashSetAsync(RedisValue key, IReadOnlyList<KeyValuePair<RedisValue, RedisValue>> fields, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(fields.Count, nameof(fields));
        var command = new List<RedisValue>(2 + (2 * fields.Count)) { "HSET", key };
        foreach (var (field, value) in fields)
        {
            command.Add(field);
            command.Add(value);
        }

        return (await ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).AsInteger();
    }

    /// <summary><c>HGETALL key</c> with field names decoded as UTF-8 (empty if the key does not exist).</summary>
    public async Task<Dictionary<string, byte[]>> HashGetAllAsync(RedisValue key, CancellationToken cancellationToken = default)
    {
        var elements = (await ExecuteAsync(["HGETALL", key], cancellationToken).ConfigureAwait(false)).AsElements();
        if (elements.Count % 2 != 0)
        {
            throw new RedisProtocolException($"HGETALL returned an odd number of elements ({elements.Count})");
        }

        var fields = new Dictionary<string, byte[]>(elements.Count / 2, StringComparer.Ordinal);
        for (var index = 0; index < elements.Count; index += 2)
        {
            fields[elements[index].AsString() ?? string.Empty] = elements[index + 1].AsBytes() ?? [];
        }

        return fields;
    }

    /// <summary><c>HDEL key field</c>: true if the field existed.</summary>
    public async Task<bool> HashDeleteAsync(RedisValue key, RedisValue field, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["HDEL", key, field], cancellationToken).ConfigureAwait(false)).AsInteger() == 1;

    /// <summary><c>PUBLISH channel message</c>: how many subscribers received it.</summary>
    public async Task<long> PublishAsync(RedisValue channel, RedisValue message, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["PUBLISH", channel, message], cancellationToken).ConfigureAwait(false)).AsInteger();

    /// <summary><c>SCRIPT LOAD</c>: the script's SHA-1 as the server computed it.</summary>
    public async Task<string> ScriptLoadAsync(RedisScript script, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(["SCRIPT", "LOAD", script.Text], cancellationToken).ConfigureAwait(false)).AsString() ?? string.Empty;

    /// <summary>
    /// Runs a Lua script with <c>EVALSHA</c>; if the server does not have it cached (NOSCRIPT, e.g.
    /// after a restart) it sends <c>EVAL</c> with the source, which runs and caches it. Retrying is
    /// safe here because NOSCRIPT means nothing ran.
    /// </summary>
    public async Task<RedisReply> EvaluateAsync(
        RedisScript script,
        IReadOnlyList<RedisValue> keys,
        IReadOnlyList<RedisValue> arguments,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        try
        {
            return await ExecuteAsync(BuildEval("EVALSHA", script.Sha1Hex, keys, arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Prefix == "NOSCRIPT")
        {
            return await ExecuteAsync(BuildEval("EVAL", script.Text, keys, arguments), cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    private static RedisValue[] BuildEval(string command, string scriptOrSha, IReadOnlyList<RedisValue> keys, IReadOnlyList<RedisValue> arguments)
    {
        var result = new RedisValue[3 + keys.Count + arguments.Count];
        result[0] = command;
        result[1] = scriptOrSha;
        result[2] = keys.Count;
        for (var index = 0; index < keys.Count; index++)
        {
            result[3 + index] = keys[index];
        }

        for (var index = 0; index < arguments.Count; index++)
        {
            result[3 + keys.Count + index] = arguments[index];
        }

        return result;
    }
}
