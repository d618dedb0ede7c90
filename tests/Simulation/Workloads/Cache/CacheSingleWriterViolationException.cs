namespace OrleansSync.Simulation.Workloads.Cache;

/// <summary>Two silos read a key at once while one of them holds it in E or M.</summary>
internal sealed class CacheSingleWriterViolationException(string message) : Exception(message);
