using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// Hands the providers their <see cref="RedisClient"/>: either one given by the caller (not owned),
/// or one connected on first use from options (owned, disposed with the provider). A failed first
/// connect is not cached: the next call tries again. Once connected, the client reconnects by itself.
/// </summary>
internal sealed class RedisClientProvider : IAsyncDisposable
{
    private readonly RedisOptions? _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly TimeProvider? _timeProvider;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly bool _ownsClient;
    private RedisClient? _client;

    public RedisClientProvider(RedisClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _ownsClient = false;
    }

    public RedisClientProvider(RedisOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _ownsClient = true;
    }

    public async ValueTask<RedisClient> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } client)
        {
            return client;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is null)
            {
                var connected = await RedisClient.ConnectAsync(_options!, _loggerFactory, _timeProvider, cancellationToken: cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _client, connected);
            }

            return _client;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsClient && Interlocked.Exchange(ref _client, null) is { } client)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
