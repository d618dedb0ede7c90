using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Storage;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// <see cref="IGrainStorage"/> on Redis: one hash per (state name, grain) with fields <c>etag</c>
/// and <c>data</c>. Writes and clears check the ETag and change the record in one Lua script, so
/// the check and the write are atomic and a reader never sees data without its ETag (no partial
/// write). ETags are random per write, so a record cleared and written again never repeats one.
/// Durability is the server's: configure Redis with <c>appendonly yes</c> for state that must
/// survive a Redis restart.
/// </summary>
public sealed class RedisGrainStorage : IGrainStorage, IAsyncDisposable
{
    /// <summary>ARGV: has-expected ("1"/"0"), expected ETag, new ETag, data. Returns {1} or {0, stored ETag or nil}.</summary>
    private static readonly RedisScript WriteScript = new("""
        local stored = redis.call('HGET', KEYS[1], 'etag')
        if ARGV[1] == '1' then
          if stored ~= ARGV[2] then return {0, stored} end
        elseif stored then
          return {0, stored}
        end
        redis.call('HSET', KEYS[1], 'etag', ARGV[3], 'data', ARGV[4])
        return {1}
        """);

    /// <summary>ARGV: has-expected ("1"/"0"), expected ETag. Returns {1} or {0, stored ETag or nil}.</summary>
    private static readonly RedisScript ClearScript = new("""
        local stored = redis.call('HGET', KEYS[1], 'etag')
        if ARGV[1] == '1' then
          if stored ~= ARGV[2] then return {0, stored} end
        elseif stored then
          return {0, stored}
        end
        redis.call('DEL', KEYS[1])
        return {1}
        """);

    private readonly RedisClientProvider _clients;
    private readonly RedisGrainStorageOptions _options;

    /// <summary>Uses <paramref name="client"/>, which the caller keeps owning.</summary>
    public RedisGrainStorage(RedisClient client, RedisGrainStorageOptions options)
        : this(new RedisClientProvider(client), options)
    {
    }

    /// <summary>Connects on first use with <see cref="RedisGrainStorageOptions.Redis"/>; the connection is disposed with the storage.</summary>
    public RedisGrainStorage(RedisGrainStorageOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(new RedisClientProvider(Validated(options).Redis, loggerFactory, timeProvider), options)
    {
    }

    private RedisGrainStorage(RedisClientProvider clients, RedisGrainStorageOptions options)
    {
        _options = Validated(options);
        _clients = clients;
    }

    public async Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        var client = await _clients.GetAsync(cancellationToken).ConfigureAwait(false);
        var reply = await client.ExecuteAsync(["HMGET", KeyOf(stateName, grainId), "etag", "data"], cancellationToken).ConfigureAwait(false);
        var fields = reply.AsElements();
        if (fields.Count != 2 || fields[0].IsNull)
        {
            return null;
        }

        return new GrainStateRecord(fields[1].AsBytes() ?? [], fields[0].AsString()!);
    }

    public async Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken)
    {
        if (data.Length > _options.MaxStateBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(data), $"state of {data.Length} bytes exceeds MaxStateBytes={_options.MaxStateBytes}");
        }

        var client = await _clients.GetAsync(cancellationToken).ConfigureAwait(false);
        var etag = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        var reply = await client.EvaluateAsync(
            WriteScript,
            [KeyOf(stateName, grainId)],
            [expectedETag is null ? "0" : "1", expectedETag ?? string.Empty, etag, data],
            cancellationToken).ConfigureAwait(false);
        ThrowIfRejected(reply, "write", stateName, grainId, expectedETag);
        return etag;
    }

    public async Task ClearAsync(string stateName, GrainId grainId, string? expectedETag, CancellationToken cancellationToken)
    {
        var client = await _clients.GetAsync(cancellationToken).ConfigureAwait(false);
        var reply = await client.EvaluateAsync(
            ClearScript,
            [KeyOf(stateName, grainId)],
            [expectedETag is null ? "0" : "1", expectedETag ?? string.Empty],
            cancellationToken).ConfigureAwait(false);
        ThrowIfRejected(reply, "clear", stateName, grainId, expectedETag);
    }

    public ValueTask DisposeAsync() => _clients.DisposeAsync();

    /// <summary>Length-prefixed parts, so no state name, grain type or key can make two records share a key.</summary>
    internal string KeyOf(string stateName, GrainId grainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        return string.Create(CultureInfo.InvariantCulture, $"{_options.KeyPrefix}{stateName.Length}:{stateName}/{grainId.GrainType.Length}:{grainId.GrainType}/{grainId.Key}");
    }

    private static void ThrowIfRejected(RedisReply reply, string operation, string stateName, GrainId grainId, string? expectedETag)
    {
        var elements = reply.AsElements();
        if (elements.Count == 0)
        {
            throw new RedisProtocolException($"the grain storage {operation} script returned an empty reply");
        }

        if (elements[0].AsInteger() != 1)
        {
            var stored = elements.Count > 1 ? elements[1].AsString() : null;
            throw new InconsistentStateException($"ETag mismatch on {operation} of state '{stateName}' of grain {grainId}", stored, expectedETag);
        }
    }

    private static RedisGrainStorageOptions Validated(RedisGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new RedisGrainStorageOptionsValidator().Validate(null, options);
        return result.Failed
            ? throw new OptionsValidationException(nameof(RedisGrainStorageOptions), typeof(RedisGrainStorageOptions), result.Failures)
            : options;
    }
}
