using OrleansSync.Grains.Interfaces.Cache;

namespace OrleansSync.Grains.Cache;

/// <summary>Fills, writes, acks, renewals, evictions and write-backs, and how a key settles.</summary>
internal sealed partial class CacheDirectory
{
    private CacheResult Fill(ulong index, CacheFillCommand fill, SortedSet<string> touched)
    {
        if (ValidateKeyAndSilo(fill.Key, fill.Silo) is { } invalid)
        {
            return invalid;
        }

        if (!_entries.TryGetValue(fill.Key, out var entry))
        {
            return new CacheResult { Status = CacheResultStatus.NotFound };
        }

        touched.Add(fill.Key);
        return Submit(entry, new CacheRequest(index, fill));
    }

    private CacheResult Write(ulong index, CacheWriteCommand write, SortedSet<string> touched)
    {
        if (ValidateKeyAndSilo(write.Key, write.Silo) is { } invalid)
        {
            return invalid;
        }

        if (ValidateWrite(write) is { } invalidWrite)
        {
            return invalidWrite;
        }

        if (!_entries.TryGetValue(write.Key, out var entry))
        {
            if (_entries.Count >= _options.MaxKeys)
            {
                return CacheResult.Fail(CacheErrorCode.CapacityExceeded, $"The directory already holds {_options.MaxKeys} keys.");
            }

            entry = new CacheEntry(write.Key);
            _entries.Add(write.Key, entry);
        }

        touched.Add(write.Key);
        return Submit(entry, new CacheRequest(index, write));
    }

    /// <summary>Runs the request now, or queues it behind the key's pending operation.</summary>
    private CacheResult Submit(CacheEntry entry, CacheRequest request)
    {
        if (entry.Pending is null)
        {
            return Process(entry, request);
        }

        if (entry.Queue.Count >= _options.MaxQueuedPerKey)
        {
            return CacheResult.Fail(CacheErrorCode.Busy, $"Key '{entry.Key}' already has {_options.MaxQueuedPerKey} requests waiting.");
        }

        entry.Queue.Enqueue(request);
        _waitIds.Add(request.Index);
        return Waiting(request.Index);
    }

    private CacheResult Process(CacheEntry entry, CacheRequest request) => request.Command switch
    {
        CacheFillCommand fill => ProcessFill(entry, request, fill),
        CacheWriteCommand write => ProcessWrite(entry, request, write),
        _ => throw new InvalidOperationException($"Only fills and writes queue, not {request.Command.GetType().Name}."),
    };

    private CacheResult ProcessFill(CacheEntry entry, CacheRequest request, CacheFillCommand fill)
    {
        if (entry.Owner is { } owner)
        {
            if (owner.Silo != fill.Silo)
            {
                // Another silo owns the line (E, or M with a newer value): downgrade it to S first.
                var dirtyOwner = entry.OwnerState == CacheLineState.Modified ? owner.Silo : null;
                var recall = new CachePendingOperation(CachePendingKind.Recall, _lastAppliedIndex, request, dirtyOwner);
                recall.Waiting.Add(owner.Silo, owner);
                entry.Pending = recall;
                Invalidate(owner.Silo, entry, recall.OperationIndex, downgrade: true);
                _waitIds.Add(request.Index);
                return Waiting(request.Index);
            }

            if (!entry.Exists)
            {
                // Its modified line was a local delete that it no longer has: nothing to grant.
                ClearOwner(entry);
                return new CacheResult { Status = CacheResultStatus.NotFound };
            }

            // The owner lost its copy (restart, eviction notice lost): memory is the latest we know.
            entry.OwnerState = CacheLineState.Exclusive;
            return Grant(entry, owner, CacheLineState.Exclusive);
        }

        if (!entry.Exists)
        {
            return new CacheResult { Status = CacheResultStatus.NotFound };
        }

        if (entry.Sharers.TryGetValue(fill.Silo, out var sharer))
        {
            return Grant(entry, sharer, CacheLineState.Shared);
        }

        if (entry.HolderCount >= _options.MaxHoldersPerKey)
        {
            return CacheResult.Fail(CacheErrorCode.TooManyHolders, $"Key '{entry.Key}' already has {_options.MaxHoldersPerKey} holders.");
        }

        var holder = new CacheHolder(fill.Silo, _lastAppliedIndex, _nowMs + _options.LeaseMs);
        if (entry.Sharers.Count == 0)
        {
            entry.Owner = holder;
            entry.OwnerState = CacheLineState.Exclusive;
            return Grant(entry, holder, CacheLineState.Exclusive);
        }

        entry.Sharers.Add(fill.Silo, holder);
        return Grant(entry, holder, CacheLineState.Shared);
    }

    private CacheResult Grant(CacheEntry entry, CacheHolder holder, CacheLineState state)
    {
        holder.GrantIndex = _lastAppliedIndex;
        holder.LeaseEndMs = _nowMs + _options.LeaseMs;
        return new CacheResult
        {
            Status = CacheResultStatus.Granted,
            Value = entry.Value ?? [],
            Version = entry.Version,
            State = state,
            GrantIndex = holder.GrantIndex,
            LeaseMs = _options.LeaseMs,
        };
    }

    private CacheResult ProcessWrite(CacheEntry entry, CacheRequest request, CacheWriteCommand write)
    {
        var dirtyOwner = entry.Owner is { } o && o.Silo != write.Silo && entry.OwnerState == CacheLineState.Modified ? o.Silo : null;
        if (dirtyOwner is null && VersionMismatch(entry, write) is { } mismatch)
        {
            // Nothing can change the version before completion, so fail now without invalidating.
            return mismatch;
        }

        // The writer's near cache dropped its own copy when it sent the write.
        if (entry.Owner?.Silo == write.Silo)
        {
            ClearOwner(entry);
        }

        entry.Sharers.Remove(write.Silo);
        if (entry.HolderCount == 0)
        {
            return CompleteWrite(entry, write);
        }

        var pending = new CachePendingOperation(CachePendingKind.Write, _lastAppliedIndex, request, dirtyOwner);
        StartInvalidating(entry, pending);
        _waitIds.Add(request.Index);
        return Waiting(request.Index);
    }

    /// <summary>Moves every holder into the operation's invalidation set and asks each to drop its copy.</summary>
    private void StartInvalidating(CacheEntry entry, CachePendingOperation pending)
    {
        var holders = entry.Sharers.Values.ToList();
        if (entry.Owner is { } owner)
        {
            holders.Add(owner);
        }

        ClearOwner(entry);
        entry.Sharers.Clear();
        entry.Pending = pending;
        foreach (var holder in holders.OrderBy(h => h.Silo, StringComparer.Ordinal))
        {
            pending.Waiting.Add(holder.Silo, holder);
            Invalidate(holder.Silo, entry, pending.OperationIndex, downgrade: false);
        }
    }

    private CacheResult CompleteWrite(CacheEntry entry, CacheWriteCommand write)
    {
        if (VersionMismatch(entry, write) is { } mismatch)
        {
            return mismatch;
        }

        if (write.Kind == CacheWriteKind.Delete)
        {
            SetValue(entry, null);
            return new CacheResult { Status = CacheResultStatus.Written, State = CacheLineState.Invalid, GrantIndex = _lastAppliedIndex };
        }

        if (_totalValueBytes - (entry.Value?.Length ?? 0) + write.Value.Length > _options.MaxTotalValueBytes)
        {
            return CacheResult.Fail(CacheErrorCode.CapacityExceeded, $"The directory already holds {_totalValueBytes} value bytes.");
        }

        SetValue(entry, write.Value);
        entry.ExpiresAtMs = write.TtlMs > 0 ? _nowMs + write.TtlMs : 0;
        var state = write.Mode == CacheWriteMode.WriteBack ? CacheLineState.Modified : CacheLineState.Exclusive;
        entry.Owner = new CacheHolder(write.Silo, _lastAppliedIndex, _nowMs + _options.LeaseMs);
        entry.OwnerState = state;
        return new CacheResult
        {
            Status = CacheResultStatus.Written,
            Version = entry.Version,
            State = state,
            GrantIndex = _lastAppliedIndex,
            LeaseMs = _options.LeaseMs,
        };
    }

    /// <summary>A mismatch answer carries the index it was decided at, like a completed write, for the near cache's fences.</summary>
    private CacheResult? VersionMismatch(CacheEntry entry, CacheWriteCommand write) =>
        write.ExpectedVersion != CacheWriteCommand.AnyVersion && (ulong)write.ExpectedVersion != entry.Version
            ? CacheResult.Fail(CacheErrorCode.VersionMismatch, $"Key '{entry.Key}' is at version {entry.Version}, not {write.ExpectedVersion}.", entry.Version) with { GrantIndex = _lastAppliedIndex }
            : null;

    private CacheResult Ack(CacheAckCommand ack, SortedSet<string> touched)
    {
        if ((ValidateKeyAndSilo(ack.Key, ack.Silo) ?? ValidateDirty(ack.Dirty)) is { } invalid)
        {
            return invalid;
        }

        // A stale or repeated ack changes nothing: acks are idempotent.
        if (_entries.TryGetValue(ack.Key, out var entry) && entry.Pending is { } pending
            && pending.OperationIndex == ack.OperationIndex && MadeEarlier(ack.OperationIndex) && pending.Waiting.ContainsKey(ack.Silo))
        {
            touched.Add(ack.Key);
            Acknowledge(entry, pending, ack.Silo, ack.Dirty, release: false);
        }

        return CacheResult.Ok;
    }

    /// <summary><paramref name="silo"/> is done with the invalidation: apply its write-back, then downgrade (recall) or forget it.</summary>
    private void Acknowledge(CacheEntry entry, CachePendingOperation pending, string silo, CacheDirtyValue? dirty, bool release)
    {
        if (dirty is not null && pending.DirtyOwner == silo)
        {
            ApplyDirty(entry, dirty);
        }

        pending.Waiting.Remove(silo);
        if (pending.Kind == CachePendingKind.Recall && entry.Owner is { } owner && owner.Silo == silo)
        {
            ClearOwner(entry);
            if (!release && entry.Exists)
            {
                entry.Sharers.Add(owner.Silo, owner);
            }
        }
    }

    private CacheResult Renew(CacheRenewCommand renew)
    {
        if (ValidateKeyAndSilo(renew.Key, renew.Silo) is { } invalid)
        {
            return invalid;
        }

        if (!_entries.TryGetValue(renew.Key, out var entry) || entry.HolderOf(renew.Silo) is not { } holder || holder.GrantIndex != renew.GrantIndex || !MadeEarlier(renew.GrantIndex))
        {
            return CacheResult.Fail(CacheErrorCode.NotHolder, $"Silo '{renew.Silo}' does not hold grant {renew.GrantIndex} of '{renew.Key}'.");
        }

        if (entry.Pending?.Waiting.ContainsKey(renew.Silo) == true)
        {
            return CacheResult.Fail(CacheErrorCode.NotHolder, $"Silo '{renew.Silo}' is being invalidated on '{renew.Key}': no renewal.");
        }

        holder.LeaseEndMs = _nowMs + _options.LeaseMs;
        RefreshDeadline(entry);
        return new CacheResult
        {
            Status = CacheResultStatus.Ok,
            Version = entry.Version,
            State = ReferenceEquals(holder, entry.Owner) ? entry.OwnerState : CacheLineState.Shared,
            GrantIndex = holder.GrantIndex,
            LeaseMs = _options.LeaseMs,
        };
    }

    private CacheResult Evict(CacheEvictCommand evict, SortedSet<string> touched)
    {
        if (ValidateKeyAndSilo(evict.Key, evict.Silo) is { } invalid)
        {
            return invalid;
        }

        if (!_entries.TryGetValue(evict.Key, out var entry))
        {
            return CacheResult.Ok;
        }

        if (entry.Pending is { } pending && pending.Waiting.TryGetValue(evict.Silo, out var waiting) && waiting.GrantIndex == evict.GrantIndex && MadeEarlier(evict.GrantIndex))
        {
            // An evicted copy is a dropped copy: as good as an ack (a write already took it out of the holders).
            touched.Add(evict.Key);
            Acknowledge(entry, pending, evict.Silo, dirty: null, release: true);
        }
        else if (entry.HolderOf(evict.Silo) is { } holder && holder.GrantIndex == evict.GrantIndex && MadeEarlier(evict.GrantIndex))
        {
            touched.Add(evict.Key);
            RemoveHolder(entry, holder);
        }

        return CacheResult.Ok;
    }

    private CacheResult WriteBack(CacheWriteBackCommand writeBack, SortedSet<string> touched)
    {
        if ((ValidateKeyAndSilo(writeBack.Key, writeBack.Silo) ?? ValidateDirty(writeBack.Dirty)) is { } invalid)
        {
            return invalid;
        }

        if (!_entries.TryGetValue(writeBack.Key, out var entry))
        {
            return NotModifiedHolder(writeBack);
        }

        if (entry.Pending is { } pending && pending.DirtyOwner == writeBack.Silo && pending.Waiting.TryGetValue(writeBack.Silo, out var waiting)
            && waiting.GrantIndex == writeBack.GrantIndex && MadeEarlier(writeBack.GrantIndex))
        {
            // The owner writes back while being invalidated or recalled: its write-back is its ack.
            touched.Add(writeBack.Key);
            Acknowledge(entry, pending, writeBack.Silo, writeBack.Dirty, writeBack.Release);
            return new CacheResult { Status = CacheResultStatus.Ok, Version = entry.Version };
        }

        if (entry.Owner is not { } owner || owner.Silo != writeBack.Silo || owner.GrantIndex != writeBack.GrantIndex || !MadeEarlier(writeBack.GrantIndex)
            || entry.OwnerState != CacheLineState.Modified)
        {
            return NotModifiedHolder(writeBack);
        }

        touched.Add(writeBack.Key);
        ApplyDirty(entry, writeBack.Dirty);
        if (writeBack.Release)
        {
            ClearOwner(entry);
        }
        else
        {
            owner.LeaseEndMs = _nowMs + _options.LeaseMs;
        }

        return new CacheResult { Status = CacheResultStatus.Ok, Version = entry.Version, State = entry.OwnerState, GrantIndex = owner.GrantIndex, LeaseMs = _options.LeaseMs };
    }

    private static CacheResult NotModifiedHolder(CacheWriteBackCommand writeBack) =>
        CacheResult.Fail(CacheErrorCode.NotHolder, $"Silo '{writeBack.Silo}' does not hold grant {writeBack.GrantIndex} of '{writeBack.Key}' modified.");

    /// <summary>Expires lapsed copies, completes a pending operation with nobody left to wait for, starts a due TTL delete, then runs the queue.</summary>
    private void Settle(CacheEntry entry)
    {
        // Bounded: every pass completes the pending operation or dequeues one request.
        while (true)
        {
            ExpireHolders(entry);
            if (entry.Pending is { } pending)
            {
                if (pending.Waiting.Count > 0)
                {
                    return;
                }

                Complete(entry, pending);
                continue;
            }

            if (entry.Exists && entry.ExpiresAtMs > 0 && entry.ExpiresAtMs <= _nowMs)
            {
                StartTtlDelete(entry);
                continue;
            }

            if (entry.Queue.Count == 0)
            {
                return;
            }

            var request = entry.Queue.Dequeue();
            var result = Process(entry, request);
            if (result.Status != CacheResultStatus.Waiting)
            {
                Notify(request.Index, result);
            }
        }
    }

    private void ExpireHolders(CacheEntry entry)
    {
        if (entry.Owner is { } owner && owner.LeaseEndMs <= _nowMs)
        {
            // A modified owner that let its lease lapse loses its dirty value: the write-back durability window.
            ClearOwner(entry);
        }

        foreach (var sharer in entry.Sharers.Values.Where(s => s.LeaseEndMs <= _nowMs).ToList())
        {
            entry.Sharers.Remove(sharer.Silo);
        }

        if (entry.Pending is { } pending)
        {
            foreach (var silo in pending.Waiting.Where(w => w.Value.LeaseEndMs <= _nowMs).Select(w => w.Key).ToList())
            {
                pending.Waiting.Remove(silo);
            }
        }
    }

    private void Complete(CacheEntry entry, CachePendingOperation pending)
    {
        entry.Pending = null;
        switch (pending.Kind)
        {
            case CachePendingKind.Write:
                Notify(pending.Request!.Index, CompleteWrite(entry, (CacheWriteCommand)pending.Request.Command));
                break;
            case CachePendingKind.Recall:
                Notify(pending.Request!.Index, ProcessFill(entry, pending.Request, (CacheFillCommand)pending.Request.Command));
                break;
            case CachePendingKind.TtlDelete:
                SetValue(entry, null);
                break;
        }
    }

    private void StartTtlDelete(CacheEntry entry)
    {
        if (entry.HolderCount == 0)
        {
            SetValue(entry, null);
            return;
        }

        StartInvalidating(entry, new CachePendingOperation(CachePendingKind.TtlDelete, _lastAppliedIndex, null, null));
    }

    private void ApplyDirty(CacheEntry entry, CacheDirtyValue dirty)
    {
        var ttl = entry.ExpiresAtMs;
        if (dirty.Deleted)
        {
            SetValue(entry, null);
        }
        else if (_totalValueBytes - (entry.Value?.Length ?? 0) + dirty.Value.Length <= _options.MaxTotalValueBytes)
        {
            SetValue(entry, dirty.Value);
            entry.ExpiresAtMs = ttl;
        }
    }

    /// <summary>Sets the committed value with a fresh version (or makes the key absent, version 0); keeps the byte count.</summary>
    private void SetValue(CacheEntry entry, byte[]? value)
    {
        _totalValueBytes += (value?.Length ?? 0) - (entry.Value?.Length ?? 0);
        entry.Value = value;
        entry.Version = value is null ? 0 : ++_lastVersion;
        entry.ExpiresAtMs = 0;
    }

    private static void ClearOwner(CacheEntry entry)
    {
        entry.Owner = null;
        entry.OwnerState = CacheLineState.Invalid;
    }

    private static void RemoveHolder(CacheEntry entry, CacheHolder holder)
    {
        if (ReferenceEquals(entry.Owner, holder))
        {
            ClearOwner(entry);
        }
        else
        {
            entry.Sharers.Remove(holder.Silo);
        }
    }

    private static CacheResult Waiting(ulong waitId) => new() { Status = CacheResultStatus.Waiting, WaitId = waitId };

    private CacheResult? ValidateKeyAndSilo(string key, string silo)
    {
        if (string.IsNullOrEmpty(key) || Utf8Length(key) > _options.MaxKeyBytes || key.Any(char.IsControl))
        {
            return CacheResult.Fail(CacheErrorCode.InvalidKey, $"A key must be 1 to {_options.MaxKeyBytes} UTF-8 bytes with no control characters.");
        }

        return string.IsNullOrEmpty(silo) || Utf8Length(silo) > _options.MaxSiloIdBytes
            ? CacheResult.Fail(CacheErrorCode.InvalidSilo, $"A silo id must be 1 to {_options.MaxSiloIdBytes} UTF-8 bytes.")
            : null;
    }

    private CacheResult? ValidateWrite(CacheWriteCommand write)
    {
        if (write.Kind is not (CacheWriteKind.Put or CacheWriteKind.Delete) || write.Mode is not (CacheWriteMode.WriteThrough or CacheWriteMode.WriteBack))
        {
            return CacheResult.Fail(CacheErrorCode.InvalidArgument, $"Unknown write kind {(byte)write.Kind} or mode {(byte)write.Mode}.");
        }

        if (write.Value.Length > _options.MaxValueBytes || (write.Kind == CacheWriteKind.Delete && write.Value.Length > 0))
        {
            return CacheResult.Fail(CacheErrorCode.ValueTooLarge, $"A value must be at most {_options.MaxValueBytes} bytes (and empty for a delete).");
        }

        if (write.TtlMs < 0 || write.TtlMs > _options.MaxTtlMs)
        {
            return CacheResult.Fail(CacheErrorCode.InvalidArgument, $"The TTL {write.TtlMs} ms is outside [0, {_options.MaxTtlMs}] ms.");
        }

        return write.ExpectedVersion < CacheWriteCommand.AnyVersion
            ? CacheResult.Fail(CacheErrorCode.InvalidArgument, $"The expected version {write.ExpectedVersion} is negative.")
            : null;
    }

    private CacheResult? ValidateDirty(CacheDirtyValue? dirty) =>
        dirty is not null && (dirty.Value.Length > _options.MaxValueBytes || (dirty.Deleted && dirty.Value.Length > 0))
            ? CacheResult.Fail(CacheErrorCode.ValueTooLarge, $"A written-back value must be at most {_options.MaxValueBytes} bytes (and empty for a delete).")
            : null;

    private static int Utf8Length(string value)
    {
        try
        {
            return Raft.StateMachines.BinaryBuilder.StrictUtf8.GetByteCount(value);
        }
        catch (System.Text.EncoderFallbackException)
        {
            return int.MaxValue;
        }
    }

    /// <summary>
    /// Whether a grant or operation named by the command being applied was made at an earlier
    /// index. A near cache learns of a grant only from the answer of the command that made it, so
    /// any command naming it comes later: one naming a grant made during its own apply (a lease
    /// running out just now let a queued write complete and grant, at this index) names by chance a
    /// grant it cannot know, and must not drop or renew it.
    /// </summary>
    private bool MadeEarlier(ulong grantOrOperationIndex) => grantOrOperationIndex < _lastAppliedIndex;
}
