using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// <see cref="IMembershipTable"/> on Redis: one hash per cluster id holding the table version
/// (<c>version</c>) and, per silo incarnation, its row JSON (<c>row:{silo}</c>), ETag
/// (<c>etag:{silo}</c>) and heartbeat ticks (<c>alive:{silo}</c>). Inserts and updates check the
/// version (and the ETag) and write in one Lua script: atomic, totally ordered, never partial.
/// A row's ETag is the table version its write produced, so every write gives a new, unique ETag.
/// Heartbeats touch only the <c>alive:</c> field, so they never conflict with votes.
/// </summary>
public sealed class RedisMembershipTable : IMembershipTable, IAsyncDisposable
{
    private const string VersionField = "version";
    private const string RowPrefix = "row:";
    private const string ETagPrefix = "etag:";
    private const string AlivePrefix = "alive:";

    /// <summary>ARGV: expected version, silo, row JSON, heartbeat ticks. Returns 1 when inserted.</summary>
    private static readonly RedisScript InsertScript = new("""
        local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
        if version ~= tonumber(ARGV[1]) then return 0 end
        if redis.call('HEXISTS', KEYS[1], 'row:' .. ARGV[2]) == 1 then return 0 end
        local nextVersion = tostring(version + 1)
        redis.call('HSET', KEYS[1], 'version', nextVersion, 'row:' .. ARGV[2], ARGV[3], 'etag:' .. ARGV[2], nextVersion, 'alive:' .. ARGV[2], ARGV[4])
        return 1
        """);

    /// <summary>ARGV: expected version, silo, expected ETag, row JSON, heartbeat ticks. Returns 1 when updated.</summary>
    private static readonly RedisScript UpdateScript = new("""
        local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
        if version ~= tonumber(ARGV[1]) then return 0 end
        if redis.call('HGET', KEYS[1], 'etag:' .. ARGV[2]) ~= ARGV[3] then return 0 end
        local nextVersion = tostring(version + 1)
        redis.call('HSET', KEYS[1], 'version', nextVersion, 'row:' .. ARGV[2], ARGV[4], 'etag:' .. ARGV[2], nextVersion, 'alive:' .. ARGV[2], ARGV[5])
        return 1
        """);

    /// <summary>ARGV: silo, heartbeat ticks. Returns 1 when the row exists.</summary>
    private static readonly RedisScript IAmAliveScript = new("""
        if redis.call('HEXISTS', KEYS[1], 'row:' .. ARGV[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'alive:' .. ARGV[1], ARGV[2])
        return 1
        """);

    /// <summary>ARGV: triples (silo, ETag, heartbeat) as read; deletes each row still unchanged. Returns how many.</summary>
    private static readonly RedisScript CleanupScript = new("""
        local removed = 0
        for i = 1, #ARGV, 3 do
          local silo = ARGV[i]
          if redis.call('HGET', KEYS[1], 'etag:' .. silo) == ARGV[i + 1] and redis.call('HGET', KEYS[1], 'alive:' .. silo) == ARGV[i + 2] then
            redis.call('HDEL', KEYS[1], 'row:' .. silo, 'etag:' .. silo, 'alive:' .. silo)
            removed = removed + 1
          end
        end
        return removed
        """);

    private readonly RedisClientProvider _clients;
    private readonly string _key;

    /// <summary>Uses <paramref name="client"/>, which the caller keeps owning.</summary>
    public RedisMembershipTable(RedisClient client, RedisClusteringOptions options)
        : this(new RedisClientProvider(client), options)
    {
    }

    /// <summary>Connects on first use with <see cref="RedisClusteringOptions.Redis"/>; the connection is disposed with the table.</summary>
    public RedisMembershipTable(RedisClusteringOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(new RedisClientProvider(Validated(options).Redis, loggerFactory, timeProvider), options)
    {
    }

    private RedisMembershipTable(RedisClientProvider clients, RedisClusteringOptions options)
    {
        Validated(options);
        _clients = clients;
        _key = options.KeyPrefix + options.ClusterId;
    }

    public async Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        var client = await _clients.GetAsync(cancellationToken).ConfigureAwait(false);
        var fields = await client.HashGetAllAsync(_key, cancellationToken).ConfigureAwait(false);
        var version = fields.TryGetValue(VersionField, out var versionBytes) ? ParseLong(versionBytes, VersionField) : 0;
        var rows = new List<MembershipRow>();
        foreach (var (field, value) in fields)
        {
            if (field.StartsWith(RowPrefix, StringComparison.Ordinal))
            {
                rows.Add(ParseRow(field[RowPrefix.Length..], value, fields));
            }
        }

        return new MembershipTableSnapshot(version, rows);
    }

    public async Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var client = await _clients.GetAsync(cancellationToken).ConfigureAwait(false);
        var reply = await client.EvaluateAsync(
            InsertScript,
            [_key],
            [expectedVersion, entry.Silo.ToString(), Serialize(entry), entry.IAmAliveTime.UtcTicks],
            cancellationToken).ConfigureAwait(false);
        return reply.AsInteger() == 1;
    }

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string expectedETag, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(expectedETag);
        var client = await _clients.GetAsync(cancellationToken).ConfigureAwait(false);
        var reply = await client.EvaluateAsync(
            UpdateScript,
            [_key],
            [expectedVersion, entry.Silo.ToString(), expectedETag, Serialize(entry), entry.IAmAliveTime.UtcTicks],
            cancellationToken).ConfigureAwait(false);
        return reply.AsInteger() == 1;
    }

    public async Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var client = await _clients.GetAsync(cancellationToken).ConfigureAwait(false);
        var reply = await client.EvaluateAsync(IAmAliveScript, [_key], [silo.ToString(), iAmAliveTime.UtcTicks], cancellationToken).ConfigureAwait(false);
        return reply.AsInteger() == 1;
    }

    public async Task<int> CleanupDeadRowsAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var snapshot = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var arguments = new List<RedisValue>();
        foreach (var row in snapshot.Rows.Where(row => row.Entry.Status == SiloStatus.Dead && row.Entry.IAmAliveTime < olderThan))
        {
            arguments.AddRange([row.Entry.Silo.ToString(), row.ETag, row.Entry.IAmAliveTime.UtcTicks]);
        }

        if (arguments.Count == 0)
        {
            return 0;
        }

        var client = await _clients.GetAsync(cancellationToken).ConfigureAwait(false);
        var reply = await client.EvaluateAsync(CleanupScript, [_key], arguments, cancellationToken).ConfigureAwait(false);
        return checked((int)reply.AsInteger());
    }

    public ValueTask DisposeAsync() => _clients.DisposeAsync();

    private static string Serialize(MembershipEntry entry) => JsonSerializer.Serialize(new RedisMembershipRecord(
        entry.Silo.Endpoint,
        entry.Silo.Generation,
        (int)entry.Status,
        entry.StartTime.UtcTicks,
        [.. entry.Suspicions.Select(vote => new RedisSuspicionRecord(vote.Voter.Endpoint, vote.Voter.Generation, vote.Time.UtcTicks))],
        entry.GatewayEndpoint));

    private static MembershipRow ParseRow(string silo, byte[] json, Dictionary<string, byte[]> fields)
    {
        var record = JsonSerializer.Deserialize<RedisMembershipRecord>(json)
            ?? throw new RedisProtocolException($"membership row {silo} holds JSON null");
        if (!fields.TryGetValue(ETagPrefix + silo, out var etag) || !fields.TryGetValue(AlivePrefix + silo, out var alive))
        {
            throw new RedisProtocolException($"membership row {silo} lacks its etag or alive field");
        }

        var entry = new MembershipEntry(
            new SiloAddress(record.Endpoint, record.Generation),
            (SiloStatus)record.Status,
            new DateTimeOffset(record.StartTimeUtcTicks, TimeSpan.Zero),
            new DateTimeOffset(ParseLong(alive, AlivePrefix + silo), TimeSpan.Zero),
            [.. record.Suspicions.Select(vote => new SuspicionVote(new SiloAddress(vote.VoterEndpoint, vote.VoterGeneration), new DateTimeOffset(vote.TimeUtcTicks, TimeSpan.Zero)))],
            record.GatewayEndpoint);
        return new MembershipRow(entry, System.Text.Encoding.UTF8.GetString(etag));
    }

    private static long ParseLong(byte[] bytes, string field) =>
        long.TryParse(System.Text.Encoding.ASCII.GetString(bytes), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RedisProtocolException($"membership field {field} is not an integer");

    private static RedisClusteringOptions Validated(RedisClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new RedisClusteringOptionsValidator().Validate(null, options);
        return result.Failed
            ? throw new OptionsValidationException(nameof(RedisClusteringOptions), typeof(RedisClusteringOptions), result.Failures)
            : options;
    }
}
