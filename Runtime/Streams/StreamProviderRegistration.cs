namespace OrleansSync.Runtime.Streams;

/// <summary>
/// One named stream provider as registered by a builder verb (<c>AddClusterStreams</c>,
/// <c>AddRedisStreams</c>); <see cref="Build"/> runs once, on first use, with the host's services.
/// </summary>
internal sealed record StreamProviderRegistration(string Name, Func<IServiceProvider, StreamProviderFactory> Build);
