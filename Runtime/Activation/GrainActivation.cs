using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Invocation;
using OrleansSync.Runtime.Serialization;
using OrleansSync.Runtime.Storage;

namespace OrleansSync.Runtime.Activation;

/// <summary>
/// One activation of a grain: its instance, its bounded mailbox and its turn scheduler. Turns run
/// on the thread pool through an exclusive scheduler, so at most one runs at a time; a request
/// holds the activation until it completes unless it interleaves (reentrant grain or
/// [AlwaysInterleave] method). All state below is guarded by <see cref="_lock"/>.
/// </summary>
internal sealed partial class GrainActivation : IGrainActivationContext
{
    private readonly Catalog _catalog;
    private readonly GrainClassDescriptor _class;
    private readonly TaskScheduler _scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default).ExclusiveScheduler;
    private readonly Lock _lock = new();
    private readonly LinkedList<WorkItem> _waiting = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly List<IPersistentStateLoader> _states = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();
    private Grain? _grain;
    private ActivationState _state = ActivationState.Activating;
    private int _running;
    private bool _barrierRunning;
    private bool _deactivateOnIdle;
    private long _lastActivityTimestamp;

    public GrainActivation(Catalog catalog, GrainClassDescriptor grainClass, GrainId grainId)
    {
        _catalog = catalog;
        _class = grainClass;
        GrainId = grainId;
        _lastActivityTimestamp = catalog.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public GrainClassDescriptor GrainClass => _class;

    /// <summary>Stream handlers attached in this activation, by subscription id (they run as turns of this grain).</summary>
    public ConcurrentDictionary<Guid, Func<ReadOnlyMemory<byte>, Task>> StreamHandlers { get; } = new();

    public IGrainFactory GrainFactory => _catalog.GrainFactory;

    public IServiceProvider Services => _catalog.Services;

    /// <summary>Completes once the activation has left the catalog.</summary>
    public Task Deactivated => _deactivated.Task;

    private ILogger Logger => _catalog.Logger;

    public T GetRequiredService<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string storageName)
        where TState : new()
    {
        var storage = Services.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException($"No grain storage named '{storageName}' (grain {GrainId}, state '{stateName}'): register it with AddMemoryGrainStorage or AddFileGrainStorage.");
        var state = new PersistentState<TState>(storage, stateName, GrainId);
        _states.Add(state);
        return state;
    }

    /// <summary>Queues the activation turn; requests queued meanwhile wait for it.</summary>
    public void Start()
    {
        lock (_lock)
        {
            StartItem(new WorkItem(WorkKind.Barrier, ActivateAsync, null));
        }
    }

    /// <summary>Queues a request. Null means the activation is going away: route the call again.</summary>
    public Task<GrainCallResponse>? TryEnqueueRequest(GrainCallRequest request, GrainInterfaceDescriptor grainInterface)
    {
        var completion = new TaskCompletionSource<GrainCallResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var interleave = _class.IsReentrant || grainInterface.FindMethod(request.MethodId)?.AlwaysInterleave == true;
        var item = new WorkItem(
            interleave ? WorkKind.Interleaved : WorkKind.Exclusive,
            () => RunRequestAsync(request, grainInterface, completion),
            ex => completion.TrySetResult(GrainCallResponse.Failed(ex)));
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Deactivated)
            {
                return null;
            }

            if (!TryAccept(item))
            {
                var method = grainInterface.MethodName(request.MethodId);
                return Task.FromResult(GrainCallResponse.Failed(new GrainOverloadedException(
                    $"Grain {GrainId} rejected {grainInterface.InterfaceName}.{method}: its mailbox holds {_waiting.Count} requests (MailboxCapacity {_catalog.Options.MailboxCapacity}).")));
            }
        }

        return completion.Task;
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, _catalog.TimeProvider, callback, options);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Deactivated)
            {
                timer.Stop();
            }
            else
            {
                _timers.Add(timer);
            }
        }

        return timer;
    }

    public void RequestDeactivateOnIdle()
    {
        lock (_lock)
        {
            _deactivateOnIdle = true;
        }
    }

    /// <summary>True if the activation is idle and has been for at least <paramref name="idleAge"/>.</summary>
    public bool IsIdleFor(TimeSpan idleAge)
    {
        lock (_lock)
        {
            return _state == ActivationState.Valid && _running == 0 && _waiting.Count == 0
                && _catalog.TimeProvider.GetElapsedTime(_lastActivityTimestamp) >= idleAge;
        }
    }

    /// <summary>Starts a graceful deactivation after the requests already accepted.</summary>
    public void BeginDeactivation(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Deactivated)
            {
                return;
            }

            _state = ActivationState.Deactivating;
            _waiting.AddLast(new WorkItem(WorkKind.Barrier, () => DeactivateAsync(reason), null));
            Drain();
        }
    }

    /// <summary>Abrupt end (the silo was killed): no OnDeactivateAsync, timers stop, waiting work is dropped.</summary>
    public void Kill()
    {
        List<WorkItem> dropped;
        lock (_lock)
        {
            _state = ActivationState.Deactivated;
            dropped = [.. _waiting];
            _waiting.Clear();
            StopTimers();
        }

        _catalog.Metrics.MailboxChanged(-dropped.Count);
        Reject(dropped, new SiloUnavailableException($"The silo hosting {GrainId} was killed.", mayHaveBeenDelivered: true));
        _lifetime.Cancel();
        _deactivated.TrySetResult();
    }

    internal bool TryEnqueueTimerTick(GrainTimer timer)
    {
        var item = new WorkItem(timer.Interleave ? WorkKind.Interleaved : WorkKind.Exclusive, () => timer.RunAsync(_lifetime.Token), null);
        lock (_lock)
        {
            return _state is ActivationState.Activating or ActivationState.Valid && TryAccept(item);
        }
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    internal void TimerCallbackFailed(Exception exception) => LogTimerFailed(Logger, exception, GrainId);

    private static void Reject(List<WorkItem> items, Exception reason)
    {
        foreach (var item in items)
        {
            item.Reject?.Invoke(reason);
        }
    }

    private async Task RunRequestAsync(GrainCallRequest request, GrainInterfaceDescriptor grainInterface, TaskCompletionSource<GrainCallResponse> completion)
    {
        try
        {
            var result = new GrainWriter();
            await grainInterface.Invoker.InvokeAsync(_grain!, request.MethodId, new GrainReader(request.Arguments), result);
            completion.TrySetResult(GrainCallResponse.Ok(result.ToArray()));
        }
        catch (Exception ex)
        {
            completion.TrySetResult(GrainCallResponse.Failed(ex));
        }
    }
}
