using OrleansSync.Grains.Cache;

namespace OrleansSync.Simulation.Workloads.Cache;

/// <summary>
/// The directory's Raft group as the cache workload models it: one totally ordered, exactly-once
/// log (retries are deduplicated by silo incarnation and sequence, as sessions do), applied to the
/// production <see cref="CacheDirectory"/> with committed time from the current leader's drifting
/// clock, leader-proposed expiry, and invalidations resent periodically (the stream is lossy).
/// </summary>
internal sealed class SimulatedDirectoryHost
{
    private const int ResendIntervalTicks = 20;

    private readonly Random _random;
    private readonly CacheSimulationParameters _parameters;
    private readonly CacheFault _fault;
    private readonly Dictionary<(string Silo, int Incarnation, long Sequence), CacheResult?> _requests = [];
    private readonly Dictionary<ulong, (string Silo, int Incarnation, long Sequence)> _waits = [];
    private ulong _index;
    private long _committedMs;
    private double _leaderRate;
    private double _leaderOffsetMs;

    public SimulatedDirectoryHost(Random random, CacheSimulationParameters parameters, CacheFault fault)
    {
        _random = random;
        _parameters = parameters;
        _fault = fault;
        Directory = new CacheDirectory(new CacheDirectoryOptions { LeaseMs = parameters.LeaseMs });
        _leaderRate = DrawRate();
        _leaderOffsetMs = random.Next(0, 10_000);
    }

    public CacheDirectory Directory { get; }

    /// <summary>Called with a line per applied command when the run is traced.</summary>
    public Action<string>? Log { get; set; }

    public ulong Index => _index;

    public int LeaderChanges { get; private set; }

    public int Expiries { get; private set; }

    /// <summary>The current leader's clock at real time <paramref name="realMs"/>.</summary>
    public long LeaderClockMs(long realMs) => (long)((realMs * _leaderRate) + _leaderOffsetMs);

    /// <summary>A new leader whose clock reads within ε of the old one now, at its own rate within the drift bound.</summary>
    public void ChangeLeader(long realMs)
    {
        var old = LeaderClockMs(realMs);
        _leaderRate = DrawRate();
        var reading = old + _random.Next(-(int)_parameters.LeaderOffsetMs, (int)_parameters.LeaderOffsetMs + 1);
        _leaderOffsetMs = reading - (realMs * _leaderRate);
        LeaderChanges++;
    }

    public void Handle(CacheEnvelope envelope, long realMs, Action<CacheEnvelope> send)
    {
        var key = (envelope.Silo, envelope.Incarnation, envelope.Sequence);
        if (_requests.TryGetValue(key, out var known))
        {
            if (known is not null)
            {
                send(Reply(key, known));
            }

            return;
        }

        var command = envelope.Command!;
        var result = Apply(command, realMs);
        _requests[key] = result.Status == CacheResultStatus.Waiting ? null : result;
        if (result.Status == CacheResultStatus.Waiting)
        {
            _waits[result.WaitId] = key;
        }

        send(Reply(key, result));
        if (_fault == CacheFault.AckBeforeAllInvalidations && command is CacheAckCommand ack)
        {
            // The planted bug: one ack stands for every holder the operation still waits for.
            var entry = Directory.GetEntry(ack.Key);
            if (entry.PendingOperationIndex == ack.OperationIndex)
            {
                foreach (var silo in entry.PendingWaitingFor.Where(s => s != ack.Silo).ToList())
                {
                    Apply(new CacheAckCommand(ack.Key, silo, ack.OperationIndex, null), realMs);
                }
            }
        }

        Drain(send);
    }

    /// <summary>What the leader does every tick: propose expiry once its clock passed the next deadline; resend unacked invalidations.</summary>
    public void Tick(long tick, long realMs, Action<CacheEnvelope> send)
    {
        if (Directory.NextDeadlineMs is { } due && due <= LeaderClockMs(realMs))
        {
            Apply(new CacheExpireCommand(), realMs);
            Expiries++;
        }

        Drain(send);
        if (tick % ResendIntervalTicks == 0)
        {
            foreach (var invalidation in Directory.PendingInvalidations())
            {
                send(new CacheEnvelope(invalidation.Silo, -1, 0, null, null, invalidation));
            }
        }
    }

    private CacheResult Apply(CacheCommand command, long realMs)
    {
        _index++;
        _committedMs = Math.Max(_committedMs, LeaderClockMs(realMs));
        var result = Directory.Apply(_index, _committedMs, command);
        Log?.Invoke($"apply #{_index} t={_committedMs} {command} => {result.Status} {result.Error} {result.State} grant={result.GrantIndex} v={result.Version}");
        return result;
    }

    private void Drain(Action<CacheEnvelope> send)
    {
        foreach (var notification in Directory.TakeNotifications())
        {
            var result = CacheResultCodec.Decode(notification.Payload);
            Log?.Invoke($"notify wait={notification.Key} => {result.Status} {result.Error} {result.State} grant={result.GrantIndex} v={result.Version}");
            if (_waits.Remove(notification.Key, out var key))
            {
                _requests[key] = result;
                send(Reply(key, result));
            }
        }

        foreach (var invalidation in Directory.TakeInvalidations())
        {
            send(new CacheEnvelope(invalidation.Silo, -1, 0, null, null, invalidation));
        }
    }

    private static CacheEnvelope Reply((string Silo, int Incarnation, long Sequence) key, CacheResult result) =>
        new(key.Silo, key.Incarnation, key.Sequence, null, result, null);

    private double DrawRate() => 1 + ((_random.NextDouble() * 2) - 1) * _parameters.RateDrift;
}
