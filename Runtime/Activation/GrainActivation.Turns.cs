namespace OrleansSync.Runtime.Activation;

/// <summary>The turn scheduling and lifecycle turns of <see cref="GrainActivation"/>.</summary>
internal sealed partial class GrainActivation
{
    /// <summary>Starts the item now if the rules allow, else queues it within the mailbox bound. Caller holds the lock.</summary>
    private bool TryAccept(WorkItem item)
    {
        var mustQueueBehind = item.Kind != WorkKind.Interleaved && _waiting.Count > 0;
        if (!mustQueueBehind && CanStart(item))
        {
            StartItem(item);
            return true;
        }

        if (_waiting.Count >= _catalog.Options.MailboxCapacity)
        {
            return false;
        }

        _waiting.AddLast(item);
        _catalog.Metrics.MailboxChanged(1);
        return true;
    }

    private bool CanStart(WorkItem item) => item.Kind switch
    {
        WorkKind.Barrier => _running == 0,
        WorkKind.Exclusive => _running == 0 && _state is ActivationState.Valid or ActivationState.Deactivating,
        _ => !_barrierRunning && _state is ActivationState.Valid or ActivationState.Deactivating,
    };

    /// <summary>Starts queued work in order; interleaving work may pass a blocked head. Caller holds the lock.</summary>
    private void Drain()
    {
        var orderedBlocked = false;
        var node = _waiting.First;
        while (node is not null)
        {
            var next = node.Next;
            var item = node.Value;
            var ordered = item.Kind != WorkKind.Interleaved;
            if ((!ordered || !orderedBlocked) && CanStart(item))
            {
                _waiting.Remove(node);
                _catalog.Metrics.MailboxChanged(-1);
                StartItem(item);
            }
            else if (ordered)
            {
                orderedBlocked = true;
            }

            node = next;
        }
    }

    /// <summary>Caller holds the lock.</summary>
    private void StartItem(WorkItem item)
    {
        _running++;
        if (item.Kind == WorkKind.Barrier)
        {
            _barrierRunning = true;
        }

        var turn = Task.Factory.StartNew(item.Run, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler).Unwrap();
        turn.ContinueWith(
            static (task, state) => ((Tuple<GrainActivation, WorkItem>)state!).Item1.OnItemFinished(task, ((Tuple<GrainActivation, WorkItem>)state!).Item2),
            Tuple.Create(this, item),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void OnItemFinished(Task task, WorkItem item)
    {
        if (task.Exception is { } exception)
        {
            LogTurnFailed(Logger, exception, GrainId);
        }

        lock (_lock)
        {
            _running--;
            if (item.Kind == WorkKind.Barrier)
            {
                _barrierRunning = false;
            }

            _lastActivityTimestamp = _catalog.TimeProvider.GetTimestamp();
            if (_deactivateOnIdle && _state == ActivationState.Valid && _running == 0 && _waiting.Count == 0)
            {
                _deactivateOnIdle = false;
                BeginDeactivation(DeactivationReason.ApplicationRequested);
            }
            else
            {
                Drain();
            }
        }
    }

    private async Task ActivateAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_catalog.Options.ActivationTimeoutMs), _catalog.TimeProvider);
        try
        {
            _grain = _class.Factory(this);
            _grain.Attach(this);
            foreach (var state in _states)
            {
                await state.LoadAsync(timeout.Token);
            }

            await _grain.OnActivateAsync(timeout.Token);
            lock (_lock)
            {
                if (_state == ActivationState.Activating)
                {
                    _state = ActivationState.Valid;
                }
            }

            LogActivated(Logger, GrainId);
        }
        catch (Exception ex)
        {
            LogActivationFailed(Logger, ex, GrainId);
            Finish(ex);
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        lock (_lock)
        {
            StopTimers();
        }

        await _lifetime.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_catalog.Options.DeactivationTimeoutMs), _catalog.TimeProvider);
        try
        {
            if (_grain is not null)
            {
                await _grain.OnDeactivateAsync(reason, timeout.Token).WaitAsync(timeout.Token);
            }
        }
        catch (Exception ex)
        {
            LogDeactivationFailed(Logger, ex, GrainId, reason);
        }

        LogDeactivated(Logger, GrainId, reason);
        Finish(null);
    }

    /// <summary>Leaves the catalog; queued work is turned away (to be routed again, or failed with the activation error).</summary>
    private void Finish(Exception? activationError)
    {
        List<WorkItem> leftover;
        lock (_lock)
        {
            _state = ActivationState.Deactivated;
            leftover = [.. _waiting];
            _waiting.Clear();
            StopTimers();
        }

        _catalog.Metrics.MailboxChanged(-leftover.Count);
        _catalog.Remove(this);
        foreach (var item in leftover)
        {
            if (activationError is not null)
            {
                item.Reject?.Invoke(activationError);
            }
            else
            {
                item.Reject?.Invoke(new ActivationGoneException());
            }
        }

        _deactivated.TrySetResult();
    }

    /// <summary>Caller holds the lock.</summary>
    private void StopTimers()
    {
        foreach (var timer in _timers)
        {
            timer.Stop();
        }

        _timers.Clear();
    }
}
