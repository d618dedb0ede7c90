namespace OrleansSync.Runtime;

/// <summary>A grain timer; dispose it to stop it. Timers stop when the activation deactivates.</summary>
public interface IGrainTimer : IDisposable
{
}
