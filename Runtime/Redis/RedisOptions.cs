namespace OrleansSync.Runtime.Redis;

/// <summary>
/// How to reach one Redis server and the limits the client keeps. Checked by
/// <see cref="RedisOptionsValidator"/>; every limit bounds memory or waiting.
/// </summary>
public sealed class RedisOptions
{
    public const string DefaultEndpoint = "localhost:6379";
    public const int DefaultDatabase = 0;
    public const int DefaultConnectTimeoutMs = 5_000;
    public const int DefaultCommandTimeoutMs = 5_000;
    public const int DefaultMaxPendingCommands = 10_000;
    public const int DefaultMaxInFlightCommands = 10_000;
    public const int DefaultMaxBatchCommands = 512;
    public const int DefaultMaxBulkBytes = 64 * 1024 * 1024;
    public const int DefaultMaxArrayElements = 1_000_000;
    public const int DefaultMaxNestingDepth = 16;
    public const int DefaultMaxLineBytes = 64 * 1024;
    public const int DefaultReconnectInitialDelayMs = 100;
    public const int DefaultReconnectMaxDelayMs = 5_000;
    public const int DefaultProtocolVersion = 2;
    public const int DefaultMaxPubSubBufferedMessages = 10_000;
    public const int MaxDatabase = 65_535;

    /// <summary>The server as <c>host:port</c>, e.g. <c>localhost:6379</c> (see <see cref="RedisEndpoint"/>).</summary>
    public string Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>ACL user name for <c>AUTH user password</c>; null uses the default user (<c>AUTH password</c>). Needs <see cref="Password"/>.</summary>
    public string? User { get; set; }

    /// <summary>Password sent with <c>AUTH</c> (or <c>HELLO 3 AUTH</c>) on every connect; null sends no AUTH.</summary>
    public string? Password { get; set; }

    /// <summary>Database index selected with <c>SELECT</c> on every connect (and after each reconnect).</summary>
    public int Database { get; set; } = DefaultDatabase;

    /// <summary>Name set with <c>CLIENT SETNAME</c> so the connection shows up in <c>CLIENT LIST</c>; null sets none. No spaces.</summary>
    public string? ClientName { get; set; }

    /// <summary>RESP version: 2, or 3 to negotiate with <c>HELLO 3</c> (maps, doubles, push frames).</summary>
    public int ProtocolVersion { get; set; } = DefaultProtocolVersion;

    /// <summary>Time allowed to open the TCP connection and complete the handshake (AUTH, SELECT).</summary>
    public int ConnectTimeoutMs { get; set; } = DefaultConnectTimeoutMs;

    /// <summary>Time a command may wait for a queue slot and then for its reply before it fails with <see cref="RedisTimeoutException"/>.</summary>
    public int CommandTimeoutMs { get; set; } = DefaultCommandTimeoutMs;

    /// <summary>Commands queued for the writer but not yet written; callers wait (within the command timeout) when it is full.</summary>
    public int MaxPendingCommands { get; set; } = DefaultMaxPendingCommands;

    /// <summary>Commands written and awaiting their reply; the writer stops sending while this many are outstanding.</summary>
    public int MaxInFlightCommands { get; set; } = DefaultMaxInFlightCommands;

    /// <summary>Commands the writer puts into one flush (one batch, usually one TCP send).</summary>
    public int MaxBatchCommands { get; set; } = DefaultMaxBatchCommands;

    /// <summary>Largest bulk string accepted in a reply; larger ones are a protocol error that closes the connection.</summary>
    public int MaxBulkBytes { get; set; } = DefaultMaxBulkBytes;

    /// <summary>Largest number of elements in one array, set, push or map (counting keys and values) in a reply.</summary>
    public int MaxArrayElements { get; set; } = DefaultMaxArrayElements;

    /// <summary>Deepest nesting of aggregates in a reply (a flat array is depth 1).</summary>
    public int MaxNestingDepth { get; set; } = DefaultMaxNestingDepth;

    /// <summary>Longest simple-string, error or length line in a reply.</summary>
    public int MaxLineBytes { get; set; } = DefaultMaxLineBytes;

    /// <summary>Delay before the first reconnect attempt; doubles per failed attempt (with jitter) up to <see cref="ReconnectMaxDelayMs"/>.</summary>
    public int ReconnectInitialDelayMs { get; set; } = DefaultReconnectInitialDelayMs;

    /// <summary>Upper bound of the reconnect delay.</summary>
    public int ReconnectMaxDelayMs { get; set; } = DefaultReconnectMaxDelayMs;

    /// <summary>Pub/sub messages received but not yet handed to handlers; when full, reading from the socket pauses.</summary>
    public int MaxPubSubBufferedMessages { get; set; } = DefaultMaxPubSubBufferedMessages;

    /// <summary>Parses <see cref="Endpoint"/>; call after validation.</summary>
    public RedisEndpoint GetEndpoint() => RedisEndpoint.Parse(Endpoint);

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem if the options are not valid.</summary>
    public void ThrowIfInvalid()
    {
        var result = new RedisOptionsValidator().Validate(null, this);
        if (result.Failed)
        {
            throw new ArgumentException("invalid RedisOptions: " + result.FailureMessage, nameof(RedisOptions));
        }
    }
}
