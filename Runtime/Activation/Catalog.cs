using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Diagnostics;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Invocation;

namespace OrleansSync.Runtime.Activation;

/// <summary>
/// The activations of one silo, at most one per grain. Creates activations on demand, removes
/// them when they finish deactivating, collects idle ones and deactivates everything on stop.
/// </summary>
internal sealed partial class Catalog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, GrainActivation> _activations = [];

    public Catalog(IServiceProvider services, IGrainFactory grainFactory, SiloOptions options, TimeProvider timeProvider, RuntimeMetrics metrics, ILogger logger)
    {
        Services = services;
        GrainFactory = grainFactory;
        Options = options;
        TimeProvider = timeProvider;
        Metrics = metrics;
        Logger = logger;
    }

    public IServiceProvider Services { get; }

    public IGrainFactory GrainFactory { get; }

    public SiloOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public RuntimeMetrics Metrics { get; }

    public ILogger Logger { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _activations.Count;
            }
        }
    }

    /// <summary>Runs a call on the grain's activation here, creating it if needed.</summary>
    public async Task<GrainCallResponse> InvokeAsync(GrainId grainId, GrainClassDescriptor grainClass, GrainInterfaceDescriptor grainInterface, GrainCallRequest request)
    {
        var deactivationWait = TimeSpan.FromMilliseconds(Options.DeactivationTimeoutMs);
        for (var attempt = 0; attempt <= Options.MaxCallRetries; attempt++)
        {
            var activation = GetOrCreate(grainId, grainClass);
            var pending = activation.TryEnqueueRequest(request, grainInterface);
            if (pending is not null)
            {
                var response = await pending.ConfigureAwait(false);
                if (response.Error is not ActivationGoneException)
                {
                    return response;
                }
            }

            // The activation is deactivating: wait for it to leave, then a new one is created.
            try
            {
                await activation.Deactivated.WaitAsync(deactivationWait, TimeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return GrainCallResponse.Retry($"Grain {grainId} is still deactivating.");
            }
        }

        return GrainCallResponse.Retry($"Grain {grainId} kept deactivating.");
    }

    public IReadOnlyList<GrainActivation> Snapshot()
    {
        lock (_lock)
        {
            return [.. _activations.Values];
        }
    }

    public void Remove(GrainActivation activation)
    {
        lock (_lock)
        {
            if (_activations.TryGetValue(activation.GrainId, out var current) && current == activation)
            {
                _activations.Remove(activation.GrainId);
                Metrics.ActivationRemoved();
            }
        }
    }

    /// <summary>Deactivates activations idle for longer than the collection age.</summary>
    public int CollectIdle()
    {
        var age = TimeSpan.FromMilliseconds(Options.CollectionAgeMs);
        var collected = 0;
        foreach (var activation in Snapshot())
        {
            if (activation.IsIdleFor(age))
            {
                activation.BeginDeactivation(DeactivationReason.IdleCollection);
                collected++;
            }
        }

        return collected;
    }

    /// <summary>Deactivates the activations for which <paramref name="shouldLeave"/> holds and waits (bounded) for them.</summary>
    public async Task DeactivateAsync(Func<GrainActivation, bool> shouldLeave, DeactivationReason reason)
    {
        var leaving = Snapshot().Where(shouldLeave).ToList();
        foreach (var activation in leaving)
        {
            activation.BeginDeactivation(reason);
        }

        var all = Task.WhenAll(leaving.Select(a => a.Deactivated));
        try
        {
            await all.WaitAsync(TimeSpan.FromMilliseconds(Options.DeactivationTimeoutMs), TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogDeactivationSlow(Logger, leaving.Count(a => !a.Deactivated.IsCompleted), reason);
        }
    }

    /// <summary>Abrupt end of every activation (silo killed).</summary>
    public void KillAll()
    {
        foreach (var activation in Snapshot())
        {
            activation.Kill();
            Remove(activation);
        }
    }

    private GrainActivation GetOrCreate(GrainId grainId, GrainClassDescriptor grainClass)
    {
        lock (_lock)
        {
            if (_activations.TryGetValue(grainId, out var existing))
            {
                return existing;
            }

            var activation = new GrainActivation(this, grainClass, grainId);
            _activations[grainId] = activation;
            Metrics.ActivationCreated();
            activation.Start();
            return activation;
        }
    }
}
