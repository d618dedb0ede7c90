namespace OrleansSync.Silo.Hosting;

/// <summary>
/// The lifetime of one silo's web host inside a process that may run several: it does not hook
/// Ctrl+C or SIGTERM itself (the process does that once, in <see cref="SiloProcess"/>, and stops
/// every silo in turn).
/// </summary>
internal sealed class ProcessLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
