using OrleansSync.Runtime.Activation;

namespace OrleansSync.Runtime;

/// <summary>
/// Base class of grains. The runtime creates one activation per grain, runs
/// <see cref="OnActivateAsync"/> before its first request and <see cref="OnDeactivateAsync"/>
/// when it is collected, moved or the silo stops, and runs its turns one at a time.
/// </summary>
public abstract class Grain : IAddressable
{
    private GrainActivation? _activation;

    /// <summary>The grain's identity.</summary>
    public GrainId GrainId => Activation.GrainId;

    /// <summary>Creates references to other grains (calls made from here are grain-to-grain calls).</summary>
    protected IGrainFactory GrainFactory => Activation.GrainFactory;

    /// <summary>The silo's services.</summary>
    protected IServiceProvider ServiceProvider => Activation.Services;

    private GrainActivation Activation => _activation ?? throw new InvalidOperationException("The grain is not attached to an activation yet (do not use runtime members in the constructor).");

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The activation running this grain (runtime services such as streams use it).</summary>
    internal GrainActivation RuntimeActivation => Activation;

    internal void Attach(GrainActivation activation) => _activation = activation;

    /// <summary>Deactivates this activation once the current turn and queued requests finish.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivateOnIdle();

    /// <summary>
    /// Registers a timer whose callback runs as a turn of this grain. The next tick is scheduled
    /// after the callback completes; the timer stops when the grain deactivates.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(options);
        return Activation.RegisterTimer(ct => callback(state, ct), options);
    }

    /// <summary>Registers a timer with a due time and a period (see the other overload).</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(callback, new GrainTimerCreationOptions { DueTime = dueTime, Period = period });
    }
}
