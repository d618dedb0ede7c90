using OrleansSync.Grains.Cache;

namespace OrleansSync.Grains.Tests.Cache;

/// <summary>
/// Follows what each silo could still read, from the directory's answers alone, as the protocol's
/// near caches would, and checks after every command: a key's value never changes while a silo
/// other than the one changing it holds a live copy, and a live E or M copy is the only live copy.
/// </summary>
internal sealed class GrantTracker(CacheDirectory directory)
{
    private readonly Dictionary<(string Key, string Silo), (ulong GrantIndex, CacheLineState State, long LeaseEndMs)> _grants = [];
    private readonly Dictionary<(string Key, string Silo, ulong Operation), bool> _invalidations = [];
    private readonly Dictionary<ulong, CacheCommand> _waiting = [];
    private readonly HashSet<ulong> _superseded = [];

    public void Apply(ulong index, long timeMs, CacheCommand command)
    {
        var versionsBefore = CacheGenerators.Keys.ToDictionary(k => k, k => directory.Peek(k).Version);
        var result = directory.Apply(index, timeMs, command);
        var now = directory.NowMs;
        var changers = new HashSet<(string Key, string Silo)>();

        // Invalidations first: an ack in this very command (a TTL delete it triggered) answers one.
        foreach (var invalidation in directory.TakeInvalidations())
        {
            _invalidations[(invalidation.Key, invalidation.Silo, invalidation.OperationIndex)] = invalidation.Downgrade;
        }

        if (command is CacheWriteCommand write)
        {
            // The near cache drops the replies of its earlier requests of the key once it sends a write.
            foreach (var (waitId, earlier) in _waiting)
            {
                if (KeyAndSilo(earlier) == (write.Key, write.Silo))
                {
                    _superseded.Add(waitId);
                }
            }
        }

        Observe(command, result, now, changers);
        foreach (var notification in directory.TakeNotifications())
        {
            var notified = CacheResultCodec.Decode(notification.Payload);
            Assert.True(_waiting.Remove(notification.Key, out var started), $"a notification for {notification.Key}, which never waited");
            if (_superseded.Remove(notification.Key))
            {
                if (started is CacheWriteCommand superseded && notified.Status == CacheResultStatus.Written)
                {
                    changers.Add((superseded.Key, superseded.Silo));
                }

                continue;
            }

            Observe(started, notified, now, changers);
        }

        foreach (var key in CacheGenerators.Keys)
        {
            var live = _grants.Where(g => g.Key.Key == key && g.Value.LeaseEndMs > now).ToList();
            if (directory.Peek(key).Version != versionsBefore[key])
            {
                var stale = live.Where(g => !changers.Contains(g.Key)).Select(g => g.Key.Silo).ToList();
                Assert.True(stale.Count == 0, $"'{key}' changed at index {index} while {string.Join(", ", stale)} still held a live copy");
            }

            var owners = live.Count(g => g.Value.State is CacheLineState.Exclusive or CacheLineState.Modified);
            Assert.True(owners == 0 || live.Count == 1, $"'{key}' at index {index}: {owners} live E/M copies among {live.Count} live copies");
            foreach (var lapsed in _grants.Where(g => g.Key.Key == key && g.Value.LeaseEndMs <= now).Select(g => g.Key).ToList())
            {
                _grants.Remove(lapsed);
            }
        }
    }

    private void Observe(CacheCommand command, CacheResult result, long now, HashSet<(string Key, string Silo)> changers)
    {
        switch (command)
        {
            case CacheFillCommand fill when result.Status == CacheResultStatus.Granted:
                _grants[(fill.Key, fill.Silo)] = (result.GrantIndex, result.State, now + directory.Options.LeaseMs);
                break;
            case CacheWriteCommand write when result.Status == CacheResultStatus.Written:
                changers.Add((write.Key, write.Silo));
                if (result.State != CacheLineState.Invalid)
                {
                    _grants[(write.Key, write.Silo)] = (result.GrantIndex, result.State, now + directory.Options.LeaseMs);
                }
                else
                {
                    _grants.Remove((write.Key, write.Silo));
                }

                break;
            case CacheWriteCommand write when result.Status == CacheResultStatus.Failed:
                _grants.Remove((write.Key, write.Silo));
                break;
            case CacheRenewCommand renew when _grants.TryGetValue((renew.Key, renew.Silo), out var grant) && grant.GrantIndex == renew.GrantIndex:
                if (result.Status == CacheResultStatus.Ok)
                {
                    _grants[(renew.Key, renew.Silo)] = grant with { LeaseEndMs = now + result.LeaseMs };
                }
                else
                {
                    _grants.Remove((renew.Key, renew.Silo));
                }

                break;
            case CacheAckCommand ack:
                changers.Add((ack.Key, ack.Silo));
                ApplyAck(ack.Key, ack.Silo, ack.OperationIndex);
                break;
            case CacheEvictCommand evict when _grants.TryGetValue((evict.Key, evict.Silo), out var grant) && grant.GrantIndex == evict.GrantIndex:
                _grants.Remove((evict.Key, evict.Silo));
                break;
            case CacheWriteBackCommand writeBack:
                changers.Add((writeBack.Key, writeBack.Silo));
                if (writeBack.Release && _grants.TryGetValue((writeBack.Key, writeBack.Silo), out var held) && held.GrantIndex == writeBack.GrantIndex)
                {
                    _grants.Remove((writeBack.Key, writeBack.Silo));
                }

                break;
        }

        if (command is CacheWriteCommand sent && result.Status == CacheResultStatus.Waiting)
        {
            // The writer's near cache dropped its copy when it sent the write.
            _grants.Remove((sent.Key, sent.Silo));
        }

        if (result.Status == CacheResultStatus.Waiting)
        {
            _waiting[result.WaitId] = command;
        }
    }

    private static (string Key, string Silo) KeyAndSilo(CacheCommand command) => command switch
    {
        CacheFillCommand fill => (fill.Key, fill.Silo),
        CacheWriteCommand write => (write.Key, write.Silo),
        _ => (string.Empty, string.Empty),
    };

    /// <summary>An ack means what its invalidation asked: drop the copies granted before it, or downgrade them.</summary>
    private void ApplyAck(string key, string silo, ulong operation)
    {
        if (!_invalidations.TryGetValue((key, silo, operation), out var downgrade)
            || !_grants.TryGetValue((key, silo), out var grant) || grant.GrantIndex > operation)
        {
            return;
        }

        if (downgrade)
        {
            _grants[(key, silo)] = grant with { State = CacheLineState.Shared };
        }
        else
        {
            _grants.Remove((key, silo));
        }
    }
}
