using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansSync.Grains.Locks.Detection;

/// <summary>
/// Runs the cross-group deadlock detector on a silo that hosts lock groups:
/// <c>silo.AddRaftPeers(...).AddLockDeadlockDetection(o => o.DetectionPeriodMs = 1_000)</c>.
/// Every silo should call it (each keeps the single detector grain active).
/// </summary>
public static class DeadlockDetectionHostingExtensions
{
    public static ISiloBuilder AddLockDeadlockDetection(this ISiloBuilder builder, Action<DeadlockDetectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DeadlockDetectionOptions>().Configure(configure ?? (_ => { })).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeadlockDetectionOptions>, DeadlockDetectionOptionsValidator>());
        builder.Services.AddHostedService<DeadlockDetectorStarter>();
        return builder;
    }
}
