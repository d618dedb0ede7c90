using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

/// <summary>Table reads and writes, probing and voting.</summary>
public sealed partial class MembershipAgent
{
    private async Task InsertOwnRowAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _options.MaxConditionalWriteAttempts; attempt++)
        {
            var snapshot = await RefreshAsync(cancellationToken).ConfigureAwait(false);
            var sameEndpoint = snapshot.Rows.Where(row => string.Equals(row.Entry.Silo.Endpoint, _self.Endpoint, StringComparison.Ordinal)).ToList();
            if (sameEndpoint.FirstOrDefault(row => row.Entry.Silo.Generation >= _self.Generation) is { } newer)
            {
                throw new MembershipException(
                    $"Cannot join as {_self}: the table already holds {newer.Entry.Silo} ({newer.Entry.Status}); a restarted silo must join with a higher generation.");
            }

            if (sameEndpoint.FirstOrDefault(row => row.Entry.Status != SiloStatus.Dead) is { } previous)
            {
                // This process owns the endpoint now, so the previous incarnation is certainly gone.
                if (await _table.UpdateRowAsync(previous.Entry with { Status = SiloStatus.Dead }, previous.ETag, snapshot.Version, cancellationToken).ConfigureAwait(false))
                {
                    LogSuperseded(_self, previous.Entry.Silo);
                }

                continue;
            }

            var now = _timeProvider.GetUtcNow();
            if (await _table.InsertRowAsync(MembershipEntry.Joining(_self, now, _gatewayEndpoint), snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                _lastIAmAlive = now;
                return;
            }
        }

        throw new MembershipException($"{_self} could not insert its row in {_options.MaxConditionalWriteAttempts} attempts (concurrent writers).");
    }

    /// <summary>
    /// Conditional write of <paramref name="silo"/>'s row: reads, applies <paramref name="change"/>
    /// (null = nothing to write), writes with the row's ETag and the table version, and retries on
    /// conflict up to <see cref="MembershipOptions.MaxConditionalWriteAttempts"/> times.
    /// </summary>
    private async Task<bool> UpdateRowWithRetriesAsync(
        SiloAddress silo, Func<MembershipTableSnapshot, MembershipEntry, MembershipEntry?> change, CancellationToken cancellationToken)
    {
        var snapshot = CurrentSnapshot;
        for (var attempt = 1; attempt <= _options.MaxConditionalWriteAttempts; attempt++)
        {
            if (attempt > 1 || snapshot.Find(silo) is null)
            {
                snapshot = await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }

            if (snapshot.Find(silo) is not { } row || change(snapshot, row.Entry) is not { } updated)
            {
                return false;
            }

            if (await _table.UpdateRowAsync(updated, row.ETag, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }

        LogWriteConflicts(_self, silo, _options.MaxConditionalWriteAttempts);
        return false;
    }

    /// <summary>
    /// This silo's vote against <paramref name="suspect"/>: keeps the unexpired votes of active
    /// silos, adds (or refreshes an expired) own vote, and declares the suspect Dead when the votes
    /// reach min(NumVotesForDeathDeclaration, ceil(active / 2)). Null when there is nothing to write.
    /// </summary>
    private MembershipEntry? Vote(MembershipTableSnapshot snapshot, MembershipEntry suspect)
    {
        if (suspect.Status == SiloStatus.Dead || snapshot.Find(_self)?.Entry.Status != SiloStatus.Active)
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        var expiration = TimeSpan.FromMilliseconds(_options.DeathVoteExpirationMs);
        var active = snapshot.ActiveEntries().Select(entry => entry.Silo).ToHashSet();
        var valid = suspect.Suspicions.Where(vote => now - vote.Time < expiration && active.Contains(vote.Voter)).ToList();
        var required = Math.Max(1, Math.Min(_options.NumVotesForDeathDeclaration, (active.Count + 1) / 2));
        var alreadyVoted = valid.Any(vote => vote.Voter == _self);
        if (alreadyVoted && valid.Count < required)
        {
            return null;
        }

        List<SuspicionVote> votes = [.. valid.Where(vote => vote.Voter != _self), new SuspicionVote(_self, now)];
        if (votes.Count >= required)
        {
            LogDeclaringDead(_self, suspect.Silo, votes.Count, required, string.Join(", ", votes.Select(vote => vote.Voter)));
            return suspect with { Status = SiloStatus.Dead, Suspicions = votes };
        }

        LogVoted(_self, suspect.Silo, votes.Count, required);
        return suspect with { Suspicions = votes };
    }

    /// <summary>
    /// Joining or ShuttingDown rows (never probed: not in the active ring) whose own heartbeat is
    /// older than <see cref="MembershipOptions.DeathVoteExpirationMs"/>: their silo crashed mid-way.
    /// </summary>
    private IEnumerable<SiloAddress> StaleTransitionalRows(MembershipTableSnapshot snapshot)
    {
        if (snapshot.Find(_self)?.Entry.Status != SiloStatus.Active)
        {
            return [];
        }

        var cutoff = _timeProvider.GetUtcNow() - TimeSpan.FromMilliseconds(_options.DeathVoteExpirationMs);
        return snapshot.Rows
            .Select(row => row.Entry)
            .Where(entry => entry.Status is SiloStatus.Joining or SiloStatus.ShuttingDown && entry.IAmAliveTime < cutoff && entry.Silo != _self)
            .Select(entry => entry.Silo)
            .ToList();
    }

    private MembershipEntry? DeclareStaleDead(MembershipTableSnapshot snapshot, MembershipEntry entry)
    {
        var cutoff = _timeProvider.GetUtcNow() - TimeSpan.FromMilliseconds(_options.DeathVoteExpirationMs);
        if (entry.Status is not (SiloStatus.Joining or SiloStatus.ShuttingDown) || entry.IAmAliveTime >= cutoff)
        {
            return null;
        }

        LogStaleTransitionalDead(_self, entry.Silo, entry.Status, entry.IAmAliveTime);
        return entry with { Status = SiloStatus.Dead };
    }

    private async Task HeartbeatIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (now - _lastIAmAlive < TimeSpan.FromMilliseconds(_options.IAmAliveIntervalMs))
        {
            return;
        }

        await _table.UpdateIAmAliveAsync(_self, now, cancellationToken).ConfigureAwait(false);
        _lastIAmAlive = now;
        var removed = await _table.CleanupDeadRowsAsync(now - TimeSpan.FromMilliseconds(_options.DeadRowRetentionMs), cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            LogDeadRowsRemoved(_self, removed);
        }
    }

    /// <summary>
    /// Up to <see cref="MembershipOptions.NumProbedSilos"/> successors of this silo on the ring of
    /// active silos ordered by address, so every silo is probed by its predecessors.
    /// </summary>
    private List<SiloAddress> SelectProbeTargets(MembershipTableSnapshot snapshot)
    {
        var ring = snapshot.ActiveEntries().Select(entry => entry.Silo).ToList();
        var position = ring.IndexOf(_self);
        if (position < 0)
        {
            return [];
        }

        var count = Math.Min(_options.NumProbedSilos, ring.Count - 1);
        var targets = Enumerable.Range(1, count).Select(offset => ring[(position + offset) % ring.Count]).ToList();
        foreach (var retired in _detectors.Keys.Except(targets).ToList())
        {
            _detectors.Remove(retired);
        }

        return targets;
    }

    /// <summary>Probes every target concurrently, feeds the detectors, returns the silos whose phi crossed the threshold.</summary>
    private async Task<List<SiloAddress>> ProbeAsync(List<SiloAddress> targets, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(_options.ProbeTimeoutMs);
        var answers = await Task.WhenAll(targets.Select(target => ProbeOneAsync(target, timeout, cancellationToken))).ConfigureAwait(false);
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var suspects = new List<SiloAddress>();
        for (var i = 0; i < targets.Count; i++)
        {
            if (!_detectors.TryGetValue(targets[i], out var detector))
            {
                // A newly probed silo starts with a clean record: first sight counts as a heartbeat.
                detector = new PhiAccrualFailureDetector(_options.PhiMaxSampleSize, _options.PhiMinStdDeviationMs, _options.PhiAcceptableHeartbeatPauseMs, _options.ProbeIntervalMs);
                detector.Heartbeat(nowMs);
                _detectors[targets[i]] = detector;
            }

            if (answers[i])
            {
                detector.Heartbeat(nowMs);
            }

            var phi = detector.Phi(nowMs);
            if (phi > _options.PhiThreshold)
            {
                LogSuspected(_self, targets[i], phi, nowMs - detector.LastHeartbeatMs.GetValueOrDefault(nowMs));
                suspects.Add(targets[i]);
            }
        }

        return suspects;
    }

    private async Task<bool> ProbeOneAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _prober.ProbeAsync(target, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogProbeFailed(_self, target, ex);
            return false;
        }
    }

    /// <summary>Reads the table, makes it current, publishes a newer view, and notices this silo's death.</summary>
    private async Task<MembershipTableSnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        MembershipView? published = null;
        TaskCompletionSource? changed = null;
        lock (_viewLock)
        {
            if (snapshot.Version >= _snapshot.Version)
            {
                _snapshot = snapshot;
            }

            if (snapshot.Version > _view.Version)
            {
                published = new MembershipView(snapshot.Version, [.. snapshot.ActiveEntries().Select(entry => entry.Silo)]);
                _view = published;
                changed = _viewChanged;
                _viewChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (published is not null)
        {
            LogViewPublished(_self, published.Version, published.ActiveSilos.Count);
            changed!.TrySetResult();
            RaiseViewChanged(published);
        }

        var own = snapshot.Find(_self);
        if (_joined && !_left && (own is null || own.Entry.Status == SiloStatus.Dead) && _declaredDead.TrySetResult())
        {
            LogSelfDeclaredDead(_self, own?.Entry.Suspicions.Count ?? 0);
        }

        return snapshot;
    }

    private void RaiseViewChanged(MembershipView view)
    {
        try
        {
            ViewChanged?.Invoke(this, view);
        }
        catch (Exception ex)
        {
            LogViewHandlerFailed(_self, view.Version, ex);
        }
    }
}
