using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansSync.Runtime.Silo;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host)
    {
        Name = name;
        Host = host;
        Silo = host.Services.GetRequiredService<SiloHost>();
    }

    /// <summary>The silo name (its endpoint on the in-process network); kept across restarts.</summary>
    public string Name { get; }

    /// <summary>This incarnation's address (name and generation).</summary>
    public SiloAddress Address => Silo.Address ?? throw new InvalidOperationException($"Silo {Name} is not started.");

    /// <summary>False once stopped or killed (by the test, or by itself after being declared dead).</summary>
    public bool IsRunning => !StoppedByCluster && !Silo.HasStopped;

    internal bool StoppedByCluster { get; set; }

    /// <summary>The silo host's services (e.g. its <see cref="IGrainFactory"/>).</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>The membership view this silo routes with.</summary>
    public Liveness.MembershipView View => Silo.CurrentView;

    /// <summary>Activations currently hosted by this silo.</summary>
    public int ActivationCount => Silo.ActivationCount;

    internal IHost Host { get; }

    internal SiloHost Silo { get; }

    public override string ToString() => Silo.Address?.ToString() ?? Name;
}
