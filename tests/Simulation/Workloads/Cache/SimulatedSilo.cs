using System.Text;
using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Interfaces.Cache;
using OrleansSync.TestSupport.Linearizability;
using OrleansSync.TestSupport.Linearizability.Models.Cache;

namespace OrleansSync.Simulation.Workloads.Cache;

/// <summary>
/// A silo of the cache workload: the production <see cref="NearCache"/> driven the way a silo host
/// must drive it (local clock into every call, replies, notifications and invalidations fed in,
/// acks, renewals and evictions sent), plus its application clients recording the history.
/// </summary>
internal sealed class SimulatedSilo
{
    private const int RetryTicks = 30;

    private readonly Random _random;
    private readonly CacheSimulationParameters _parameters;
    private readonly CacheFault _fault;
    private readonly HistoryRecorder<CacheInput, CacheOutput> _history;
    private readonly double _clockRate;
    private readonly long _clockOffsetMs;
    private readonly List<CacheClientState> _clients;
    private readonly Dictionary<long, CacheOutstandingRequest> _outstanding = [];
    private readonly Dictionary<string, (string? Value, ulong Version)> _lastSeen = new(StringComparer.Ordinal);
    private long _nextSequence;
    private int _nextValue;

    public SimulatedSilo(string id, Random random, CacheSimulationParameters parameters, CacheFault fault, HistoryRecorder<CacheInput, CacheOutput> history, int firstClientId)
    {
        Id = id;
        _random = random;
        _parameters = parameters;
        _fault = fault;
        _history = history;
        _clockRate = 1 + (((random.NextDouble() * 2) - 1) * parameters.RateDrift);
        _clockOffsetMs = random.Next(-1_000_000, 1_000_000);
        _clients = [.. Enumerable.Range(firstClientId, parameters.ClientsPerSilo).Select(id => new CacheClientState(id))];
        Cache = NewCache();
    }

    public string Id { get; }

    public int Incarnation { get; private set; }

    public bool IsUp { get; private set; } = true;

    public NearCache Cache { get; private set; }

    public int LapsedServed { get; private set; }

    public long LocalMs(long realMs) => (long)(realMs * _clockRate) + _clockOffsetMs;

    public void Tick(long tick, long realMs, bool issueOperations, Action<CacheEnvelope> send)
    {
        var now = LocalMs(realMs);
        foreach (var (sequence, request) in _outstanding.Where(o => tick - o.Value.SentTick >= RetryTicks).ToList())
        {
            request.SentTick = tick;
            send(new CacheEnvelope(Id, Incarnation, sequence, request.Command, null, null));
        }

        foreach (var renewal in Cache.TakeRenewals(now, _parameters.LeaseMs))
        {
            Send(renewal.ToCommand(Id), tick, renewal.RequestId, null, send);
        }

        foreach (var client in _clients.Where(c => !c.IsBusy && issueOperations && _random.NextDouble() < 0.3))
        {
            Start(client, tick, now, send);
        }

        SendEvictions(tick, send);
    }

    public void Deliver(CacheEnvelope envelope, long tick, Action<CacheEnvelope> send)
    {
        if (!IsUp)
        {
            return;
        }

        if (envelope.Invalidation is { } invalidation)
        {
            var ack = Cache.OnInvalidation(invalidation);
            Send(ack.ToCommand(Id), tick, null, null, send, awaitReply: false);
            return;
        }

        if (envelope.Incarnation != Incarnation || envelope.Result is not { } result
            || result.Status == CacheResultStatus.Waiting || !_outstanding.Remove(envelope.Sequence, out var request))
        {
            return;
        }

        switch (request.Command)
        {
            case CacheFillCommand fill:
                CompleteFill(fill, request, result);
                break;
            case CacheWriteCommand write:
                CompleteWrite(write, request, result);
                break;
            case CacheRenewCommand:
                Cache.CompleteRenewal(request.NearCacheRequestId!.Value, result);
                break;
        }

        SendEvictions(tick, send);
    }

    /// <summary>The process dies: its near cache and requests are gone; its clients' operations stay pending forever.</summary>
    public void Crash()
    {
        IsUp = false;
        _outstanding.Clear();
        foreach (var client in _clients)
        {
            client.Handle = -1;
            client.Input = null;
        }
    }

    public void Restart()
    {
        Incarnation++;
        Cache = NewCache();
        _lastSeen.Clear();
        IsUp = true;
    }

    private NearCache NewCache() => new(Id, new NearCacheOptions
    {
        MaxEntries = _parameters.MaxEntries,
        DriftAllowanceMs = _parameters.DriftAllowanceMs,
        MaxInFlightRequests = 64,
    });

    private void Start(CacheClientState client, long tick, long now, Action<CacheEnvelope> send)
    {
        var key = $"k{_random.Next(_parameters.Keys)}";
        var roll = _random.Next(100);
        if (roll < 60)
        {
            StartGet(client, key, tick, now, send);
            return;
        }

        var value = $"{Id}.{Incarnation}.{client.ClientId}.{_nextValue++}";
        var input = roll switch
        {
            < 82 => new CacheInput(CacheOperationKind.Put, key, value),
            < 90 => new CacheInput(CacheOperationKind.Delete, key),
            _ => new CacheInput(CacheOperationKind.CompareAndSet, key, value, client.SeenVersions.GetValueOrDefault(key)),
        };
        var command = input.Kind switch
        {
            CacheOperationKind.Put => CacheWriteCommand.Put(key, Id, Encoding.UTF8.GetBytes(value)),
            CacheOperationKind.Delete => CacheWriteCommand.Delete(key, Id),
            _ => CacheWriteCommand.Put(key, Id, Encoding.UTF8.GetBytes(value), expectedVersion: (long)input.ExpectedVersion),
        };
        if (Cache.BeginWrite(key, input.Kind == CacheOperationKind.Delete ? null : Encoding.UTF8.GetBytes(value), now) is not { } requestId)
        {
            return;
        }

        Begin(client, input);
        Send(command, tick, requestId, client, send);
    }

    private void StartGet(CacheClientState client, string key, long tick, long now, Action<CacheEnvelope> send)
    {
        var lapsedBefore = Cache.Stats(now).LapsedReads;
        var read = Cache.Read(key, now);
        if (read.Hit)
        {
            Begin(client, new CacheInput(CacheOperationKind.Get, key));
            Finish(client, key, new CacheOutput(read.Found ? Text(read.Value!) : null, read.Version));
            return;
        }

        if (_fault == CacheFault.ReadLapsedCopy && Cache.Stats(now).LapsedReads > lapsedBefore && _lastSeen.TryGetValue(key, out var stale))
        {
            // The planted bug: the line's lease lapsed, but the host answers from what it last saw.
            LapsedServed++;
            Begin(client, new CacheInput(CacheOperationKind.Get, key));
            Finish(client, key, new CacheOutput(stale.Value, stale.Version));
            return;
        }

        if (Cache.BeginFill(key, now) is { } requestId)
        {
            Begin(client, new CacheInput(CacheOperationKind.Get, key));
            Send(new CacheFillCommand(key, Id), tick, requestId, client, send);
        }
    }

    private void CompleteFill(CacheFillCommand fill, CacheOutstandingRequest request, CacheResult result)
    {
        var id = request.NearCacheRequestId!.Value;
        var client = request.Client!;
        switch (result.Status)
        {
            case CacheResultStatus.Granted:
                Cache.CompleteFill(id, result);
                _lastSeen[fill.Key] = (Text(result.Value), result.Version);
                Finish(client, fill.Key, new CacheOutput(Text(result.Value), result.Version));
                break;
            case CacheResultStatus.NotFound:
                Cache.Abandon(id);
                Finish(client, fill.Key, new CacheOutput(null, 0));
                break;
            default:
                Cache.Abandon(id);
                Finish(client, fill.Key, new CacheOutput(null, 0, Refused: true));
                break;
        }
    }

    private void CompleteWrite(CacheWriteCommand write, CacheOutstandingRequest request, CacheResult result)
    {
        var id = request.NearCacheRequestId!.Value;
        var client = request.Client!;
        if (result.Status == CacheResultStatus.Written)
        {
            Cache.CompleteWrite(id, result);
            var value = write.Kind == CacheWriteKind.Delete ? null : Text(write.Value);
            _lastSeen[write.Key] = (value, result.Version);
            Finish(client, write.Key, new CacheOutput(value, result.Version));
            return;
        }

        Cache.Abandon(id);
        Finish(client, write.Key, result.Error == CacheErrorCode.VersionMismatch
            ? new CacheOutput(null, result.Version, Swapped: false)
            : new CacheOutput(null, 0, Refused: true));
    }

    private void Begin(CacheClientState client, CacheInput input)
    {
        client.Input = input;
        client.Handle = _history.Invoke(client.ClientId, input);
    }

    private void Finish(CacheClientState client, string key, CacheOutput output)
    {
        _history.Complete(client.Handle, output);
        if (!output.Refused)
        {
            client.SeenVersions[key] = output.Version;
        }

        client.Handle = -1;
        client.Input = null;
    }

    private void SendEvictions(long tick, Action<CacheEnvelope> send)
    {
        foreach (var eviction in Cache.TakeEvictions())
        {
            Send(eviction.ToCommand(Id), tick, null, null, send, awaitReply: false);
        }
    }

    private void Send(CacheCommand command, long tick, ulong? requestId, CacheClientState? client, Action<CacheEnvelope> send, bool awaitReply = true)
    {
        var sequence = ++_nextSequence;
        if (awaitReply)
        {
            _outstanding[sequence] = new CacheOutstandingRequest(command, tick, requestId, client);
        }

        send(new CacheEnvelope(Id, Incarnation, sequence, command, null, null));
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
